package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.StreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.SdkCalls;
import io.opentelemetry.context.Context;

/**
 * What the hooks call ({@link SdkCalls}): a failure here costs the call its span (and is counted),
 * never the application its response; each returns the application's own object when it cannot do
 * better. A framework (Spring AI on this SDK) owns its calls: no second span.
 */
public final class AnthropicJavaCalls {
  private static final SdkCalls CALLS =
      new SdkCalls(
          AnthropicJavaInstrumentationModule.NAME,
          AnthropicJavaExtractor::errorType,
          AnthropicJavaExtractor::response,
          AnthropicJavaCalls::observed);

  private AnthropicJavaCalls() {}

  /**
   * Starts the span, or returns null when genai-watch is off or a genai-watch call is already
   * current.
   */
  public static ActiveLlmCall start(Object params, Object clientOptions, boolean stream) {
    return CALLS.start(
        instrumenter ->
            AnthropicJavaExtractor.request(
                params, clientOptions, stream, instrumenter.content().enabled()));
  }

  /** The service method returned or threw: returns what the application gets. */
  public static Object end(ActiveLlmCall call, Object result, Throwable thrown) {
    return CALLS.end(call, result, thrown);
  }

  private static Object observed(Object result, ActiveLlmCall call) {
    if (result instanceof StreamResponse<?> stream) {
      return new TracingStreamResponse<>(stream, new MessageStream(call));
    }
    if (result instanceof AsyncStreamResponse<?> stream) {
      return new TracingAsyncStreamResponse<>(stream, new MessageStream(call));
    }
    return null;
  }

  /**
   * Whether a genai-watch call (this SDK's, or a framework's above it) is in progress on the
   * current context, so the SDK's own tracing must not make a second span for it.
   */
  public static boolean ownsCurrentCall() {
    try {
      return GenAiWatch.isInstalled() && CallOwnership.callToJoin(Context.current()) != null;
    } catch (Throwable t) {
      CALLS.report(t);
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
    return CALLS.withTraceparent(
        request,
        HttpRequest.class,
        r -> !r.headers().values("traceparent").isEmpty(),
        (r, v) -> r.toBuilder().replaceHeaders("traceparent", v).build());
  }
}
