package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.context.Context;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import reactor.core.publisher.Flux;

/**
 * What the model-call hooks call. Every method catches everything: a failure here costs the call
 * its span (and is counted), never the application its response.
 */
public final class SpringAiCalls {
  private SpringAiCalls() {}

  /**
   * The context a new model call starts in, or null when a call is already in progress (a model
   * delegating to another, {@code call} funnelling into {@code internalCall}): that is one model
   * call. A call that already ended (its response came back and Spring AI ran the requested tools,
   * see {@link #toolRoundStarts}) is not in progress: the next round is its sibling.
   */
  static Context startingContext() {
    return CallOwnership.contextForNewCall(Context.current());
  }

  /**
   * Starts the span of {@code ChatModel.call(Prompt)} / {@code internalCall(Prompt, ChatResponse)}
   * or {@code EmbeddingModel.call(EmbeddingRequest)}, current for the method; which one it is, the
   * first argument tells.
   */
  public static ActiveLlmCall startModelCall(Object model, Object[] arguments) {
    if (arguments == null || arguments.length == 0) {
      return null;
    }
    if (arguments[0] instanceof EmbeddingRequest embeddingRequest) {
      return start(
          model, instrumenter -> SpringAiExtractor.embeddingsRequest(model, embeddingRequest));
    }
    return startChat(model, arguments[0]);
  }

  /** Starts the span of {@code call(Prompt)} / {@code internalCall(Prompt, ChatResponse)}. */
  static ActiveLlmCall startChat(Object model, Object prompt) {
    if (!(prompt instanceof Prompt p)) {
      return null;
    }
    return start(
        model,
        instrumenter ->
            SpringAiExtractor.chatRequest(model, p, false, instrumenter.content().enabled()));
  }

  /**
   * Starts the call {@code request} reads, with the model's endpoint, unless one is already in
   * progress (then the request is not read at all).
   */
  private static ActiveLlmCall start(Object model, Function<GenAiInstrumenter, LlmCall> request) {
    return LibraryCalls.startCall(
        SpringAiInstrumentationModule.NAME,
        instrumenter -> {
          Context parent = startingContext();
          if (parent == null) {
            return null;
          }
          LlmCall call = request.apply(instrumenter);
          ServerEndpoint.intoCall(ModelEndpoint.baseUrl(model), call);
          return instrumenter.start(call, parent);
        });
  }

  /**
   * The model call returned. For {@code internalCall(prompt, previousChatResponse)} the previous
   * rounds' usage is not this call's. A call ended when the tools it asked for ran: what came back
   * since is the next round's response.
   */
  public static void endModelCall(
      ActiveLlmCall call, Object[] arguments, Object response, Throwable thrown) {
    Object previousChatResponse = arguments != null && arguments.length > 1 ? arguments[1] : null;
    end(
        call,
        thrown,
        c -> {
          if (response instanceof ChatResponse chatResponse) {
            SpringAiExtractor.chatResponse(chatResponse, previousChatResponse, c);
          } else if (response instanceof EmbeddingResponse embeddingResponse) {
            SpringAiExtractor.embeddingsResponse(embeddingResponse, c);
          }
        });
  }

  /**
   * {@code stream(Prompt)} or 1.1's {@code internalStream(Prompt, ChatResponse
   * previousChatResponse)} returned a {@code Flux}: see {@link #traceStream(Object, Object, Object,
   * Object, Throwable)}.
   */
  public static Object traceStreamRound(
      Object model, Object[] arguments, Object returned, Throwable thrown) {
    if (arguments == null || arguments.length == 0) {
      return returned;
    }
    return traceStream(
        model, arguments[0], arguments.length > 1 ? arguments[1] : null, returned, thrown);
  }

  static Object traceStream(Object model, Object prompt, Object returned, Throwable thrown) {
    return traceStream(model, prompt, null, returned, thrown);
  }

  /**
   * A model stream: the application gets it back behind a wrapper that starts the span when it is
   * subscribed and ends it when it completes, fails or is cancelled, or when the tools it asked for
   * start (the round of a streamed tool loop is over; see {@link #toolRoundStarts}). {@code
   * previousChatResponse} is the earlier rounds' response in a 1.1 streamed tool loop, or null.
   */
  @SuppressWarnings("unchecked")
  static Object traceStream(
      Object model, Object prompt, Object previousChatResponse, Object returned, Throwable thrown) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null
        || thrown != null
        || !(prompt instanceof Prompt p)
        || !(returned instanceof Flux<?> flux)) {
      return returned;
    }
    try {
      Context callSite = Context.current();
      return TracedStreams.chat(
          (Flux<ChatResponse>) flux,
          callSite,
          previousChatResponse instanceof ChatResponse previous ? previous : null,
          parent -> {
            LlmCall call =
                SpringAiExtractor.chatRequest(model, p, true, instrumenter.content().enabled());
            ServerEndpoint.intoCall(ModelEndpoint.baseUrl(model), call);
            return instrumenter.start(call, parent);
          });
    } catch (Throwable t) {
      report(t);
      return returned;
    }
  }

  private static void end(ActiveLlmCall call, Throwable thrown, Consumer<LlmCall> readResponse) {
    LibraryCalls.endCall(
        SpringAiInstrumentationModule.NAME,
        call,
        thrown,
        SpringAiExtractor::errorType,
        readResponse);
  }

  /**
   * {@code ToolCallingManager.executeToolCalls(prompt, chatResponse)}: the model answered with tool
   * calls. In Spring AI 1.1 the provider runs them inside its {@code call} or its stream, before
   * calling itself again; the model call whose response asked for them is complete, so its span
   * ends here with that response, and the tools and the next round run in its parent's context (as
   * its siblings). In a stream the round's context is not current on the thread the tools run on:
   * it is found in the Reactor context Spring AI hands to the tools ({@link ToolRoundContext}).
   * Returns the context to make current.
   */
  public static Context toolRoundStarts(Object chatResponse) {
    try {
      Context round = ToolRoundContext.current();
      ActiveLlmCall active = springAiCall(round);
      if (active == null) {
        return round;
      }
      if (!active.isEnded()) {
        if (chatResponse instanceof ChatResponse response) {
          SpringAiExtractor.chatResponse(
              response, ToolRoundContext.earlierRounds(round), active.call());
        }
        active.end();
      }
      return active.parentContext();
    } catch (Throwable t) {
      report(t);
      return null;
    }
  }

  /** The Spring AI model call active in {@code context}, or null. */
  static ActiveLlmCall springAiCall(Context context) {
    ActiveLlmCall active = GenAiInstrumenter.activeCall(context);
    return active != null
            && SpringAiInstrumentationModule.NAME.equals(active.call().instrumentation)
        ? active
        : null;
  }

  static void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(SpringAiInstrumentationModule.NAME, call, t);
  }

  static void report(Throwable t) {
    LibraryCalls.report(SpringAiInstrumentationModule.NAME, t);
  }
}
