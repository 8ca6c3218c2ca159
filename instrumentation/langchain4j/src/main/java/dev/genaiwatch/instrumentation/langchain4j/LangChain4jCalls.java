package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.model.LlmCall;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import java.lang.reflect.Proxy;

/**
 * What the model-call hooks call. Every method catches everything: a failure here costs the call
 * its span (and is counted), never the application its response.
 */
public final class LangChain4jCalls {
  private LangChain4jCalls() {}

  /**
   * Starts the span of a chat ({@code request} a {@code ChatRequest}) or embeddings call, or
   * returns null when off or when nested.
   */
  public static ActiveLlmCall start(Object model, Object request) {
    return request instanceof ChatRequest
        ? start(model, request, false)
        : startEmbeddings(model, request);
  }

  public static ActiveLlmCall startStreamingChat(Object model, Object request) {
    return start(model, request, true);
  }

  private static ActiveLlmCall start(Object model, Object request, boolean stream) {
    if (!(request instanceof ChatRequest chatRequest)) {
      return null;
    }
    // A model delegating to another model (a wrapper, a router) is still one model call.
    return LibraryCalls.startCall(
        LangChain4jInstrumentationModule.NAME,
        instrumenter ->
            CallOwnership.insideLibraryCall(Context.current())
                ? null
                : instrumenter.start(
                    LangChain4jExtractor.chatRequest(
                        model, chatRequest, stream, instrumenter.content().enabled())));
  }

  /** The chat or embedding method returned {@code response}, or threw: ends the span. */
  public static void end(ActiveLlmCall call, Object response, Throwable thrown) {
    LibraryCalls.endCall(
        LangChain4jInstrumentationModule.NAME,
        call,
        thrown,
        LangChain4jExtractor::errorType,
        c -> {
          if (LlmCall.OP_EMBEDDINGS.equals(c.operation)) {
            LangChain4jExtractor.embeddingsResponse(response, c);
          } else if (response instanceof ChatResponse chatResponse) {
            LangChain4jExtractor.chatResponse(chatResponse, c);
          }
        });
  }

  /**
   * The application's handler, observed through a proxy of the handler interface: the proxy
   * forwards every callback (including ones added in later LangChain4j versions) and ends the span
   * on completion or error.
   */
  public static Object traceHandler(ActiveLlmCall call, Object handler) {
    if (call == null || !(handler instanceof StreamingChatResponseHandler)) {
      return handler;
    }
    try {
      Class<?> type = StreamingChatResponseHandler.class;
      return Proxy.newProxyInstance(
          type.getClassLoader(), new Class<?>[] {type}, new TracingStreamingHandler(handler, call));
    } catch (Throwable t) {
      failed(call, t);
      return handler;
    }
  }

  /**
   * The streaming {@code doChat} returned or threw: the span goes on until the handler hears the
   * end.
   */
  public static void endStreamingChatMethod(ActiveLlmCall call, Throwable thrown) {
    if (call == null) {
      return;
    }
    call.exitScope();
    if (thrown != null) {
      try {
        call.endWithError(thrown, LangChain4jExtractor.errorType(thrown));
      } catch (Throwable t) {
        failed(call, t);
      }
    }
  }

  private static ActiveLlmCall startEmbeddings(Object model, Object input) {
    // embedAll funnels into doEmbed in later 1.x: one span for the outermost.
    return LibraryCalls.startCall(
        LangChain4jInstrumentationModule.NAME,
        instrumenter ->
            CallOwnership.insideLibraryCall(Context.current())
                ? null
                : instrumenter.start(LangChain4jExtractor.embeddingsRequest(model, input)));
  }

  static void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(LangChain4jInstrumentationModule.NAME, call, t);
  }

  static void report(Throwable t) {
    LibraryCalls.report(LangChain4jInstrumentationModule.NAME, t);
  }
}
