package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.HttpRequest;
import dev.genaiwatch.core.CallTraceparent;
import dev.genaiwatch.core.LibraryCalls;
import io.opentelemetry.context.Context;

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
      if (!(request instanceof HttpRequest r) || !r.headers().values("traceparent").isEmpty()) {
        return request;
      }
      String traceparent = CallTraceparent.ofCallToJoin(Context.current());
      return traceparent == null
          ? request
          : r.toBuilder().replaceHeaders("traceparent", traceparent).build();
    } catch (Throwable t) {
      LibraryCalls.report(OpenAiJavaInstrumentationModule.NAME, t);
      return request;
    }
  }
}
