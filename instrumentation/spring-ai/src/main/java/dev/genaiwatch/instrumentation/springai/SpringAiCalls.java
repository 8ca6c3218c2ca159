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
 * What the model-call advice calls. Every method catches everything: a failure here costs the call
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
   * Starts the span of {@code call(Prompt)} / {@code internalCall(Prompt, ChatResponse)}, current
   * for the method.
   */
  public static ActiveLlmCall startChat(Object model, Object prompt) {
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

  public static void endChat(ActiveLlmCall call, Object response, Throwable thrown) {
    endChat(call, response, thrown, null);
  }

  /**
   * {@code internalCall(prompt, previousChatResponse)}: the previous rounds' usage is not this
   * call's. A call ended when the tools it asked for ran: what came back since is the next round's
   * response.
   */
  public static void endChat(
      ActiveLlmCall call, Object response, Throwable thrown, Object previousChatResponse) {
    end(
        call,
        thrown,
        c -> {
          if (response instanceof ChatResponse chatResponse) {
            SpringAiExtractor.chatResponse(chatResponse, c);
            SpringAiExtractor.subtractEarlierRounds(chatResponse, previousChatResponse, c);
          }
        });
  }

  /**
   * {@code stream(Prompt)} returned a {@code Flux}: the application gets it back behind a wrapper
   * that starts the span when it is subscribed and ends it when it completes, fails or is
   * cancelled.
   */
  @SuppressWarnings("unchecked")
  public static Object traceStream(Object model, Object prompt, Object returned, Throwable thrown) {
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

  public static ActiveLlmCall startEmbeddings(Object model, Object request) {
    if (!(request instanceof EmbeddingRequest embeddingRequest)) {
      return null;
    }
    return start(
        model, instrumenter -> SpringAiExtractor.embeddingsRequest(model, embeddingRequest));
  }

  public static void endEmbeddings(ActiveLlmCall call, Object response, Throwable thrown) {
    end(
        call,
        thrown,
        c -> {
          if (response instanceof EmbeddingResponse embeddingResponse) {
            SpringAiExtractor.embeddingsResponse(embeddingResponse, c);
          }
        });
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
   * calls. In Spring AI 1.1 the provider runs them inside its {@code call}, before calling itself
   * again; the model call whose response asked for them is complete, so its span ends here with
   * that response, and the tools and the next round run in its parent's context (as its siblings).
   * Returns the context to make current, or null.
   */
  public static Context toolRoundStarts(Object chatResponse) {
    try {
      ActiveLlmCall active = GenAiInstrumenter.activeCall(Context.current());
      if (active == null
          || !SpringAiInstrumentationModule.NAME.equals(active.call().instrumentation)) {
        return null;
      }
      if (!active.isEnded()) {
        if (chatResponse instanceof ChatResponse response) {
          SpringAiExtractor.chatResponse(response, active.call());
        }
        active.end();
      }
      return active.parentContext();
    } catch (Throwable t) {
      report(t);
      return null;
    }
  }

  static void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(SpringAiInstrumentationModule.NAME, call, t);
  }

  static void report(Throwable t) {
    LibraryCalls.report(SpringAiInstrumentationModule.NAME, t);
  }
}
