package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.StreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.CallTraceparent;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.context.Context;

/**
 * What the advice calls. Every method catches everything: a failure here costs the call its span
 * (and is counted), never the application its response; each returns the application's own object
 * when it cannot do better.
 */
public final class AnthropicJavaCalls {
  private AnthropicJavaCalls() {}

  /**
   * Starts the span, or returns null when genai-watch is off or a genai-watch call is already
   * current.
   */
  public static ActiveLlmCall start(Object params, Object clientOptions, boolean stream) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null) {
      return null;
    }
    try {
      instrumenter.ownership().librarySawCall(AnthropicJavaInstrumentationModule.NAME);
      // A framework (Spring AI on this SDK) owns the call: no second span.
      if (CallOwnership.insideLibraryCall(Context.current())) {
        return null;
      }
      LlmCall call =
          AnthropicJavaExtractor.request(
              params, clientOptions, stream, instrumenter.content().enabled());
      if (call == null) {
        return null;
      }
      ActiveLlmCall active = instrumenter.start(call);
      active.enterScope();
      return active;
    } catch (Throwable t) {
      instrumenter.health().swallowed(AnthropicJavaInstrumentationModule.NAME, t);
      return null;
    }
  }

  /**
   * Whether a genai-watch call (this SDK's, or a framework's above it) is in progress on the
   * current context, so the SDK's own tracing must not make a second span for it.
   */
  public static boolean ownsCurrentCall() {
    try {
      return GenAiWatch.instrumenter() != null
          && CallOwnership.callToJoin(Context.current()) != null;
    } catch (Throwable t) {
      report(t);
      return false;
    }
  }

  /**
   * The request with the {@code traceparent} of the genai-watch call current while the SDK prepares
   * it, or the request unchanged (no such call, or the application set its own header). The SDK
   * prepares the request on the caller's thread, so this also covers the async client, which sends
   * it from a pool thread.
   */
  public static Object withTraceparent(Object request) {
    try {
      return request instanceof HttpRequest r
          ? CallTraceparent.added(
              r,
              x -> !x.headers().values("traceparent").isEmpty(),
              (x, v) -> x.toBuilder().replaceHeaders("traceparent", v).build())
          : request;
    } catch (Throwable t) {
      report(t);
      return request;
    }
  }

  public static void endSync(ActiveLlmCall call, Object response, Throwable thrown) {
    LibraryCalls.endSync(
        AnthropicJavaInstrumentationModule.NAME,
        call,
        response,
        thrown,
        AnthropicJavaExtractor::errorType,
        AnthropicJavaExtractor::response);
  }

  public static void endWhenComplete(ActiveLlmCall call, Object future, Throwable thrown) {
    LibraryCalls.endWhenComplete(
        AnthropicJavaInstrumentationModule.NAME,
        call,
        future,
        thrown,
        AnthropicJavaExtractor::errorType,
        AnthropicJavaExtractor::response);
  }

  public static Object wrapStream(ActiveLlmCall call, Object stream, Throwable thrown) {
    if (call == null) {
      return stream;
    }
    call.exitScope();
    try {
      if (thrown != null || !(stream instanceof StreamResponse<?> response)) {
        endSync(call, null, thrown);
        return stream;
      }
      return new TracingStreamResponse<>(response, new MessageStream(call));
    } catch (Throwable t) {
      failed(call, t);
      return stream;
    }
  }

  public static Object wrapAsyncStream(ActiveLlmCall call, Object stream, Throwable thrown) {
    if (call == null) {
      return stream;
    }
    call.exitScope();
    try {
      if (thrown != null || !(stream instanceof AsyncStreamResponse<?> response)) {
        endSync(call, null, thrown);
        return stream;
      }
      return new TracingAsyncStreamResponse<>(response, new MessageStream(call));
    } catch (Throwable t) {
      failed(call, t);
      return stream;
    }
  }

  static void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(AnthropicJavaInstrumentationModule.NAME, call, t);
  }

  static void report(Throwable t) {
    LibraryCalls.report(AnthropicJavaInstrumentationModule.NAME, t);
  }
}
