package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.HttpRequest;
import dev.genaiwatch.core.CallTraceparent;
import dev.genaiwatch.core.LibraryCalls;

/**
 * Adds the {@code traceparent} of the genai-watch call current while the SDK prepares a request.
 * Never throws: a failure leaves the request as the SDK made it.
 */
public final class OpenAiRequestTraceparent {
  private OpenAiRequestTraceparent() {}

  /**
   * The request with the call's {@code traceparent}, or unchanged (no genai-watch call current, or
   * the application set its own header).
   */
  public static Object add(Object request) {
    try {
      return request instanceof HttpRequest r
          ? CallTraceparent.added(
              r,
              x -> !x.headers().values("traceparent").isEmpty(),
              (x, v) -> x.toBuilder().replaceHeaders("traceparent", v).build())
          : request;
    } catch (Throwable t) {
      LibraryCalls.report(OpenAiJavaInstrumentationModule.NAME, t);
      return request;
    }
  }
}
