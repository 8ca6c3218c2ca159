package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.FrameworkSpan;
import dev.genaiwatch.core.UnsubscribedStreamWatch;
import dev.genaiwatch.core.model.GenAiMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

/**
 * The {@code Flux}es Spring AI returns, observed without changing what flows through them.
 *
 * <p>A model stream's span starts when the {@code Flux} is subscribed (that is when the request is
 * sent) and ends when it completes, fails or is cancelled. Subscription happens on whatever thread
 * the application or Spring AI's advisors chose ({@code publishOn} moves it), so the OpenTelemetry
 * context travels in the Reactor context under {@link #CONTEXT_KEY}, and is also made current while
 * the upstream is subscribed, so that the HTTP client or SDK underneath, subscribed in that call,
 * sees the model call and adds no second span.
 *
 * <p>Every callback catches everything: a failure here must not become an error signal in the
 * application.
 */
final class TracedStreams {
  static final String CONTEXT_KEY = "dev.genaiwatch.otel-context";

  private TracedStreams() {}

  /**
   * A model stream. In a 1.1 streamed tool loop the provider runs the tools and the next round
   * inside this stream: {@link SpringAiCalls#toolRoundStarts} ends the span when the tools start,
   * and what flows through afterwards is the next round's (traced by its own {@code
   * internalStream}), so an ended call ignores it. {@code earlierRounds} is that loop's previous
   * response, whose usage Spring AI adds to this round's; null otherwise.
   */
  static Flux<ChatResponse> chat(
      Flux<ChatResponse> upstream,
      Context callSite,
      ChatResponse earlierRounds,
      Function<Context, ActiveLlmCall> starter) {
    return Flux.deferContextual(
        view -> {
          ActiveLlmCall call = null;
          try {
            Context parent = parent(view, callSite);
            parent = CallOwnership.contextForNewCall(parent);
            if (parent == null) {
              return upstream;
            }
            call = starter.apply(parent);
          } catch (Throwable t) {
            SpringAiCalls.report(t);
          }
          if (call == null) {
            return upstream;
          }
          ActiveLlmCall traced = call;
          return subscribedIn(
                  upstream, ToolRoundContext.withEarlierRounds(traced.context(), earlierRounds))
              .doOnNext(response -> onResponse(traced, response, earlierRounds))
              .doOnError(error -> onError(traced, error))
              .doOnComplete(() -> end(traced))
              .doOnCancel(() -> cancelled(traced));
        });
  }

  /**
   * A {@code ChatClient} stream: the framework span (started when the stream was asked for) ends
   * with it, or as {@code never_subscribed} when the application drops the stream or leaves it
   * unsubscribed for {@code genai.watch.stream.subscribe.timeout.ms}.
   */
  static <T> Flux<T> framework(Flux<T> upstream, FrameworkSpan span, long subscribeTimeoutMillis) {
    UnsubscribedStreamWatch[] watch = new UnsubscribedStreamWatch[1];
    Flux<T> traced =
        subscribedIn(upstream, span.context())
            .doOnSubscribe(subscription -> watch[0].subscribed())
            .doOnError(
                error -> {
                  try {
                    span.endWithError(error, SpringAiExtractor.errorType(error));
                  } catch (Throwable t) {
                    SpringAiCalls.report(t);
                  }
                })
            .doOnComplete(span::end)
            .doOnCancel(span::end);
    watch[0] =
        UnsubscribedStreamWatch.watch(traced, subscribeTimeoutMillis, span::endNeverSubscribed);
    return traced;
  }

  /**
   * Subscribes {@code upstream} with {@code context} current and visible to it through the Reactor
   * context.
   */
  private static <T> Flux<T> subscribedIn(Flux<T> upstream, Context context) {
    Publisher<T> scoped =
        subscriber -> {
          try (Scope ignored = context.makeCurrent()) {
            upstream.subscribe(subscriber);
          }
        };
    return Flux.from(scoped).contextWrite(c -> c.put(CONTEXT_KEY, context));
  }

  /**
   * The subscriber's context when it carries ours, else where {@code stream} was called, else the
   * current one.
   */
  private static Context parent(ContextView view, Context callSite) {
    Object fromReactor = view.getOrDefault(CONTEXT_KEY, null);
    if (fromReactor instanceof Context c) {
      return c;
    }
    if (callSite != null && Span.fromContext(callSite).getSpanContext().isValid()) {
      return callSite;
    }
    return Context.current();
  }

  private static void onResponse(
      ActiveLlmCall call, ChatResponse response, ChatResponse earlierRounds) {
    if (call.isEnded()) {
      return;
    }
    try {
      List<Generation> generations = response.getResults();
      boolean content = false;
      for (int i = 0; i < generations.size(); i++) {
        Generation generation = generations.get(i);
        AssistantMessage output = generation.getOutput();
        if (output != null) {
          String text = output.getText();
          if (text != null && !text.isEmpty()) {
            content = true;
            call.streamedOutput().append(i, text);
          }
        }
        String finish =
            generation.getMetadata() == null
                ? null
                : SpringAiExtractor.finishReason(generation.getMetadata().getFinishReason());
        if (finish != null) {
          call.streamedOutput().finish(i, finish);
        }
        if (output != null && output.getToolCalls() != null && !output.getToolCalls().isEmpty()) {
          content = true;
          toolCalls(call, i, output.getToolCalls(), finish);
        }
      }
      call.onChunk(content);
      ChatResponseMetadata metadata = response.getMetadata();
      if (metadata != null) {
        if (metadata.getId() != null && !metadata.getId().isEmpty()) {
          call.call().responseId = metadata.getId();
        }
        if (metadata.getModel() != null && !metadata.getModel().isEmpty()) {
          call.call().responseModel = metadata.getModel();
        }
        SpringAiExtractor.roundUsage(metadata.getUsage(), earlierRounds, call.call());
      }
    } catch (Throwable t) {
      SpringAiCalls.report(t);
    }
  }

  /**
   * A chunk with the tool calls of choice {@code index}: Spring AI providers merge the streamed
   * fragments of tool calls into one chunk, which ends the model's turn (2.0's {@code
   * ToolCallingAdvisor} runs them after the stream completed). With content on, the output is the
   * text streamed so far and these calls, in place of the text-only output the stream would give.
   */
  private static void toolCalls(
      ActiveLlmCall call, int index, List<AssistantMessage.ToolCall> toolCalls, String finish) {
    if (call.call().inputMessages == null) {
      return;
    }
    List<GenAiMessage> streamed = call.streamedOutput().messages();
    List<GenAiMessage> output = new ArrayList<>(streamed);
    while (output.size() <= index) {
      output.add(null);
    }
    GenAiMessage soFar = output.get(index);
    String text = soFar == null || soFar.parts().isEmpty() ? null : soFar.parts().get(0).content();
    output.set(index, SpringAiExtractor.assistant(text, toolCalls, finish));
    output.replaceAll(m -> m != null ? m : SpringAiExtractor.assistant(null, List.of(), null));
    call.call().outputMessages = output;
  }

  private static void onError(ActiveLlmCall call, Throwable error) {
    try {
      call.endWithError(error, SpringAiExtractor.errorType(error));
    } catch (Throwable t) {
      SpringAiCalls.report(t);
    }
  }

  private static void end(ActiveLlmCall call) {
    try {
      call.end();
    } catch (Throwable t) {
      SpringAiCalls.report(t);
    }
  }

  private static void cancelled(ActiveLlmCall call) {
    try {
      call.endClosedEarly();
    } catch (Throwable t) {
      SpringAiCalls.report(t);
    }
  }
}
