package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.ActiveLlmCall;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;

/**
 * The context a tool round starts in. Spring AI runs a streamed round's tools on a {@code
 * boundedElastic} thread, where nothing of the stream is current; it hands them the subscriber's
 * Reactor context through {@code ToolCallReactiveContextHolder} (1.1 providers' {@code
 * internalStream}, 2.0's {@code ToolCallingAdvisor}), which carries the OpenTelemetry context a
 * traced stream wrote under {@link TracedStreams#CONTEXT_KEY}: the model round's in 1.1, the {@code
 * ChatClient.stream} span's in 2.0.
 *
 * <p>A round of a 1.1 streamed tool loop also carries the response of the rounds before it: Spring
 * AI adds their usage to this round's, and the round's span reports its own.
 */
final class ToolRoundContext {
  private static final ContextKey<ChatResponse> EARLIER_ROUNDS =
      ContextKey.named("genai-watch-spring-ai-earlier-rounds");

  private ToolRoundContext() {}

  /**
   * The current context when a model call is in progress in it (1.1's {@code call}, or a tool of a
   * stream calling a model itself), else the stream's when tools run for a stream, else the current
   * one.
   */
  static Context current() {
    Context current = Context.current();
    ActiveLlmCall inProgress = SpringAiCalls.springAiCall(current);
    if (inProgress != null && !inProgress.isEnded()) {
      return current;
    }
    try {
      Object fromReactor =
          ToolCallReactiveContextHolder.getContext().getOrDefault(TracedStreams.CONTEXT_KEY, null);
      if (fromReactor instanceof Context context) {
        return context;
      }
    } catch (LinkageError e) {
      // A Spring AI without the holder: its tools run where the model call is current.
    }
    return current;
  }

  static Context withEarlierRounds(Context context, ChatResponse earlierRounds) {
    return earlierRounds == null ? context : context.with(EARLIER_ROUNDS, earlierRounds);
  }

  /** The response of the earlier rounds of the round {@code context} belongs to, or null. */
  static ChatResponse earlierRounds(Context context) {
    return context.get(EARLIER_ROUNDS);
  }
}
