package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.CallTraceparent;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/**
 * What the advice calls. Every method catches everything: a failure here costs the call its span
 * (and is counted), never the application its response; each returns the application's own object
 * when it cannot do better.
 */
public final class GoogleGenAiCalls {
  private static final String NAME = GoogleGenAiInstrumentationModule.NAME;

  private GoogleGenAiCalls() {}

  public static ActiveLlmCall startChat(
      Object model, Object contents, Object config, Object apiClient, boolean stream) {
    return start(
        apiClient,
        model,
        LlmCall.OP_CHAT,
        stream,
        call ->
            GoogleGenAiExtractor.chatRequest(
                contents, config, call, GoogleGenAiExtractor.captureEnabled()));
  }

  public static ActiveLlmCall startEmbeddings(Object model, Object apiClient) {
    return start(apiClient, model, LlmCall.OP_EMBEDDINGS, false, call -> {});
  }

  private interface RequestReader {
    void read(LlmCall call) throws Throwable;
  }

  /**
   * Starts the span and makes it current while the SDK method runs, or returns null when
   * genai-watch is off or a genai-watch call (a framework's over this SDK) already owns the call.
   */
  private static ActiveLlmCall start(
      Object apiClient, Object model, String operation, boolean stream, RequestReader request) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null) {
      return null;
    }
    try {
      instrumenter.ownership().librarySawCall(NAME);
      if (CallOwnership.insideLibraryCall(Context.current())) {
        return null;
      }
      LlmCall call = GoogleGenAiExtractor.request(apiClient, model, operation, stream);
      request.read(call);
      ActiveLlmCall active = instrumenter.start(call);
      active.enterScope();
      return active;
    } catch (Throwable t) {
      instrumenter.health().swallowed(NAME, t);
      return null;
    }
  }

  /**
   * The request with the {@code traceparent} of the genai-watch call current while the SDK builds
   * it, or the request unchanged (no such call, or the application set its own header). The SDK
   * builds the request on the caller's thread, so this also covers the async service, whose OkHttp
   * call runs on OkHttp's dispatcher.
   */
  public static Object withTraceparent(Object request) {
    try {
      return request instanceof Request r
          ? CallTraceparent.added(
              r,
              x -> x.header("traceparent") != null,
              (x, v) -> x.newBuilder().header("traceparent", v).build())
          : request;
    } catch (Throwable t) {
      report(t);
      return request;
    }
  }

  public static void endSync(ActiveLlmCall call, Object response, Throwable thrown) {
    LibraryCalls.endSync(
        NAME, call, response, thrown, GoogleGenAiExtractor::errorType, GoogleGenAiCalls::read);
  }

  public static void endWhenComplete(ActiveLlmCall call, Object future, Throwable thrown) {
    LibraryCalls.endWhenComplete(
        NAME, call, future, thrown, GoogleGenAiExtractor::errorType, GoogleGenAiCalls::read);
  }

  private static void read(Object response, ActiveLlmCall call) throws Throwable {
    if (LlmCall.OP_EMBEDDINGS.equals(call.call().operation)) {
      GoogleGenAiExtractor.embeddings(response, call);
    } else {
      GoogleGenAiExtractor.response(response, call);
    }
  }

  /** The blocking stream method returned: its chunks are observed as the application reads them. */
  public static void observeStream(ActiveLlmCall call, Object stream, Throwable thrown) {
    if (call == null) {
      return;
    }
    call.exitScope();
    if (thrown != null || stream == null) {
      endSync(call, null, thrown);
      return;
    }
    register(call, stream);
  }

  /**
   * The async stream method returned its future: a future completing the same way, once the stream
   * it carries is registered; the SDK's own future when it cannot do that.
   */
  public static Object observeAsyncStream(ActiveLlmCall call, Object future, Throwable thrown) {
    if (call == null) {
      return future;
    }
    call.exitScope();
    try {
      if (thrown != null || !(future instanceof CompletableFuture<?> f)) {
        endSync(call, null, thrown);
        return future;
      }
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
    } catch (Throwable t) {
      failed(call, t);
      return future;
    }
  }

  private static void register(ActiveLlmCall call, Object stream) {
    try {
      ObservedResponseStreams.register(stream, new ContentStream(call));
    } catch (Throwable t) {
      failed(call, t);
    }
  }

  static void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(NAME, call, t);
  }

  static void report(Throwable t) {
    LibraryCalls.report(NAME, t);
  }
}
