package dev.genaiwatch.core;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The W3C {@code traceparent} of the library call an SDK is preparing a request for: the SDKs whose
 * async clients send from a pool thread (OpenAI, Google Gen AI) get it onto the request while the
 * call is still current on the caller's thread.
 */
public final class CallTraceparent {
  private CallTraceparent() {}

  /**
   * {@code request} with the {@code traceparent} of the call to join on the current context, made
   * by {@code withHeader}; {@code request} itself when it has one already ({@code hasOne}) or there
   * is no such call.
   */
  public static <R> R added(R request, Predicate<R> hasOne, BiFunction<R, String, R> withHeader) {
    if (hasOne.test(request)) {
      return request;
    }
    String traceparent = ofCallToJoin(Context.current());
    return traceparent == null ? request : withHeader.apply(request, traceparent);
  }

  /**
   * The {@code traceparent} of the call to join on {@code context} ({@link
   * CallOwnership#callToJoin}), or null when there is none (or genai-watch is not installed).
   */
  public static String ofCallToJoin(Context context) {
    if (!GenAiWatch.isInstalled()) {
      return null;
    }
    ActiveLlmCall call = CallOwnership.callToJoin(context);
    if (call == null) {
      return null;
    }
    String[] value = new String[1];
    W3CTraceContextPropagator.getInstance()
        .inject(
            call.context(),
            value,
            (carrier, key, v) -> {
              if ("traceparent".equals(key) && carrier != null) {
                carrier[0] = v;
              }
            });
    return value[0];
  }
}
