package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.SdkCalls;
import dev.genaiwatch.core.model.LlmCall;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/**
 * What the hooks call. Every method catches everything: a failure here costs the call its span (and
 * is counted), never the application its response; each returns the application's own object when
 * it cannot do better.
 */
public final class GoogleGenAiCalls {
  private static final String NAME = GoogleGenAiInstrumentationModule.NAME;
  private static final SdkCalls CALLS =
      new SdkCalls(
          NAME,
          GoogleGenAiExtractor::errorType,
          GoogleGenAiCalls::read,
          GoogleGenAiCalls::observed);

  private GoogleGenAiCalls() {}

  public static ActiveLlmCall startChat(
      Object model, Object contents, Object config, Object apiClient, boolean stream) {
    return CALLS.start(
        instrumenter -> {
          LlmCall call = GoogleGenAiExtractor.request(apiClient, model, LlmCall.OP_CHAT, stream);
          GoogleGenAiExtractor.chatRequest(
              contents, config, call, GoogleGenAiExtractor.captureEnabled());
          return call;
        });
  }

  public static ActiveLlmCall startEmbeddings(Object model, Object apiClient) {
    return CALLS.start(
        instrumenter ->
            GoogleGenAiExtractor.request(apiClient, model, LlmCall.OP_EMBEDDINGS, false));
  }

  /**
   * The request with the {@code traceparent} of the genai-watch call current while the SDK builds
   * it, or the request unchanged (no such call, or the application set its own header). The SDK
   * builds the request on the caller's thread, so this also covers the async service, whose OkHttp
   * call runs on OkHttp's dispatcher.
   */
  public static Object withTraceparent(Object request) {
    return CALLS.withTraceparent(
        request,
        Request.class,
        r -> r.header("traceparent") != null,
        (r, v) -> r.newBuilder().header("traceparent", v).build());
  }

  /**
   * The models method returned or threw: returns what the SDK's public method gets (for the async
   * stream method, a future of the observed stream).
   */
  public static Object end(ActiveLlmCall call, Object result, Throwable thrown) {
    return CALLS.end(call, result, thrown);
  }

  private static void read(Object response, ActiveLlmCall call) throws Throwable {
    if (LlmCall.OP_EMBEDDINGS.equals(call.call().operation)) {
      GoogleGenAiExtractor.embeddings(response, call);
    } else {
      GoogleGenAiExtractor.response(response, call);
    }
  }

  /**
   * A stream method's result: the blocking method's {@code ResponseStream} is registered (its
   * chunks are observed as the application reads them) and handed on; the async method's future is
   * replaced by {@link #observedWhenComplete}. Null for every other method.
   */
  private static Object observed(Object result, ActiveLlmCall call) {
    if (result == null || !call.call().stream) {
      return null;
    }
    if (result instanceof CompletableFuture<?> future) {
      return observedWhenComplete(call, future);
    }
    register(call, result);
    return result;
  }

  /**
   * The async stream method returned its future: a future completing the same way, once the stream
   * it carries is registered; the SDK's own future when it cannot do that.
   */
  private static Object observedWhenComplete(ActiveLlmCall call, CompletableFuture<?> f) {
    CompletableFuture<Object> registered = new CompletableFuture<>();
    f.whenComplete(
        (stream, error) -> {
          try {
            if (error != null) {
              Throwable cause = LibraryCalls.completionCause(error);
              call.endWithError(cause, GoogleGenAiExtractor.errorType(cause));
            } else {
              register(call, stream);
            }
          } catch (Throwable t) {
            failed(call, t);
          } finally {
            // Whatever happened above, the SDK's outcome goes on unchanged.
            if (error != null) {
              registered.completeExceptionally(error);
            } else {
              registered.complete(stream);
            }
          }
        });
    return registered;
  }

  private static void register(ActiveLlmCall call, Object stream) {
    try {
      ObservedResponseStreams.register(stream, new ContentStream(call));
    } catch (Throwable t) {
      failed(call, t);
    }
  }

  static void failed(ActiveLlmCall call, Throwable t) {
    CALLS.failed(call, t);
  }

  static void report(Throwable t) {
    CALLS.report(t);
  }
}
