package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.context.Context;

/**
 * What the advice calls. Every method catches everything: a failure here costs the call its span
 * (and is counted), never the application its response. Each returns the application's own object
 * when it cannot do better, so what the application sees is exactly what the SDK produced.
 */
public final class OpenAiJavaCalls {
  private OpenAiJavaCalls() {}

  /**
   * Starts the span, or returns null when genai-watch is off or a genai-watch span is already
   * active.
   */
  public static ActiveLlmCall start(Object params, Object clientOptions, boolean stream) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null) {
      return null;
    }
    try {
      // Even when a framework span (Spring AI 2.0 runs on this SDK) owns the call: the SDK's
      // requests are then
      // known to be covered, also those its async client sends without context.
      instrumenter.ownership().librarySawCall(OpenAiJavaInstrumentationModule.NAME);
      // A nested SDK call for the same request (e.g. the async service delegating to a blocking
      // one) must
      // not produce a second span.
      if (CallOwnership.insideLibraryCall(Context.current())) {
        return null;
      }
      LlmCall call =
          OpenAiJavaExtractor.request(
              params, clientOptions, stream, instrumenter.content().enabled());
      if (call == null) {
        return null;
      }
      ActiveLlmCall active = instrumenter.start(call);
      active.enterScope();
      return active;
    } catch (Throwable t) {
      instrumenter.health().swallowed(OpenAiJavaInstrumentationModule.NAME, t);
      return null;
    }
  }

  public static void endSync(ActiveLlmCall call, Object response, Throwable thrown) {
    LibraryCalls.endSync(
        OpenAiJavaInstrumentationModule.NAME,
        call,
        response,
        thrown,
        OpenAiJavaExtractor::errorType,
        OpenAiJavaExtractor::response);
  }

  public static void endWhenComplete(ActiveLlmCall call, Object future, Throwable thrown) {
    LibraryCalls.endWhenComplete(
        OpenAiJavaInstrumentationModule.NAME,
        call,
        future,
        thrown,
        OpenAiJavaExtractor::errorType,
        OpenAiJavaExtractor::response);
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
      return new TracingStreamResponse<>(response, call);
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
      return new TracingAsyncStreamResponse<>(response, call);
    } catch (Throwable t) {
      failed(call, t);
      return stream;
    }
  }

  /** Records a chunk on the call; never throws. */
  static void onChunk(ActiveLlmCall call, Object chunk) {
    if (call.isEnded()) {
      return;
    }
    try {
      OpenAiJavaExtractor.chunk(chunk, call);
    } catch (Throwable t) {
      report(t);
    }
  }

  static void endStreamWithError(ActiveLlmCall call, Throwable error) {
    try {
      call.endWithError(error, OpenAiJavaExtractor.errorType(error));
    } catch (Throwable t) {
      failed(call, t);
    }
  }

  private static void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(OpenAiJavaInstrumentationModule.NAME, call, t);
  }

  private static void report(Throwable t) {
    LibraryCalls.report(OpenAiJavaInstrumentationModule.NAME, t);
  }
}
