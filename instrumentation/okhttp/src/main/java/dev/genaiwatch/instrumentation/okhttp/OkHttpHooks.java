package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.wire.WireFirewall;
import java.io.InterruptedIOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * What the hooks call. Never throws: a failure leaves the client or call exactly as OkHttp made it.
 */
public final class OkHttpHooks {
  private OkHttpHooks() {}

  /**
   * Puts the interceptor first in the builder's application interceptors, once: a builder from
   * {@code client.newBuilder()} already carries it. First, so that the response body it wraps is
   * the one the application's own interceptors and code read.
   */
  public static void addInterceptor(Object builderObject) {
    try {
      if (!GenAiWatch.isInstalled() || !(builderObject instanceof OkHttpClient.Builder builder)) {
        return;
      }
      List<Interceptor> interceptors = builder.interceptors();
      for (Interceptor interceptor : interceptors) {
        if (interceptor instanceof GenAiWatchInterceptor) {
          return;
        }
      }
      interceptors.add(0, new GenAiWatchInterceptor());
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  public static void rememberContext(Object call) {
    try {
      CallContexts.remember(call);
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  /**
   * Whether a body read failed because the application cancelled {@code call} ({@code
   * Call.cancel()}, {@code EventSource.cancel()}): the caller stopped reading, which ends the
   * stream closed, not failed. A timeout surfacing as an {@code InterruptedIOException} is a
   * failure.
   */
  static boolean cancelledByApplication(okhttp3.Call call, Throwable failure) {
    return call != null && call.isCanceled() && !(failure instanceof InterruptedIOException);
  }

  /**
   * Runs a report to the call where a failure must not replace what OkHttp is about to return or
   * throw.
   */
  static void safely(Runnable report) {
    WireFirewall.safely(OkHttpInstrumentationModule.NAME, report);
  }

  static void swallowed(Throwable t) {
    WireFirewall.swallowed(OkHttpInstrumentationModule.NAME, t);
  }
}
