package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.StreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.SdkCalls;

/**
 * What the hooks call ({@link SdkCalls}): a failure here costs the call its span (and is counted),
 * never the application its response, so what the application sees is exactly what the SDK
 * produced. Spring AI 2.0 runs on this SDK: its framework span owns such a call, and a nested SDK
 * call for the same request (the async service delegating to a blocking one) makes no second span.
 */
public final class OpenAiJavaCalls {
  private static final SdkCalls CALLS =
      new SdkCalls(
          OpenAiJavaInstrumentationModule.NAME,
          OpenAiJavaExtractor::errorType,
          OpenAiJavaExtractor::response,
          OpenAiJavaCalls::observed);

  private OpenAiJavaCalls() {}

  /** Starts the span, or returns null (genai-watch off, or the call is already owned). */
  public static ActiveLlmCall start(Object params, Object clientOptions, boolean stream) {
    return CALLS.start(
        instrumenter ->
            OpenAiJavaExtractor.request(
                params, clientOptions, stream, instrumenter.content().enabled()));
  }

  /** The service method returned or threw: returns what the application gets. */
  public static Object end(ActiveLlmCall call, Object result, Throwable thrown) {
    return CALLS.end(call, result, thrown);
  }

  private static Object observed(Object result, ActiveLlmCall call) {
    if (result instanceof StreamResponse<?> stream) {
      return new TracingStreamResponse<>(stream, new ChunkStream(call));
    }
    if (result instanceof AsyncStreamResponse<?> stream) {
      return new TracingAsyncStreamResponse<>(stream, new ChunkStream(call));
    }
    return null;
  }

  /**
   * The request with the {@code traceparent} of the genai-watch call current while the SDK prepares
   * it, or unchanged (no genai-watch call current, or the application set its own header). Never
   * throws: a failure leaves the request as the SDK made it.
   */
  public static Object withTraceparent(Object request) {
    return CALLS.withTraceparent(
        request,
        HttpRequest.class,
        r -> !r.headers().values("traceparent").isEmpty(),
        (r, v) -> r.toBuilder().replaceHeaders("traceparent", v).build());
  }
}
