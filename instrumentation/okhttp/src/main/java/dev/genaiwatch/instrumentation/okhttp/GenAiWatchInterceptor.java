package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.wire.WireCalls;
import dev.genaiwatch.core.wire.WireExchange;
import dev.genaiwatch.core.wire.WireTarget;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The application interceptor genai-watch adds to every {@code OkHttpClient}: recognises an LLM request, starts
 * its call (or joins the SDK call that owns it), adds {@code traceparent}, and hands the application a response
 * whose body shows every byte to the call on its way through. Anything else passes untouched; a failure here
 * sends the request exactly as the application built it.
 */
public final class GenAiWatchInterceptor implements Interceptor {

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    WireExchange exchange = null;
    Request sent;
    try {
      HttpUrl url = request.url();
      exchange = WireCalls.start(OkHttpInstrumentationModule.NAME, request.method(),
          new WireTarget(url.scheme(), url.host(), url.port(), url.encodedPath()),
          () -> InMemoryRequestBody.read(request), request::header, CallContexts.take(chain.call()));
      sent = exchange != null && exchange.traceparent() != null
          ? request.newBuilder().header("traceparent", exchange.traceparent()).build() : request;
    } catch (Throwable t) {
      OkHttpHooks.swallowed(t);
      if (exchange != null) {
        // The request goes out unobserved: end the span now rather than leak it.
        WireExchange failed = exchange;
        OkHttpHooks.safely(() -> failed.onError(t));
        exchange = null;
      }
      sent = request;
    }
    if (exchange == null) {
      return chain.proceed(request);
    }
    Response response;
    try {
      response = chain.proceed(sent);
    } catch (Throwable e) {
      WireExchange failed = exchange;
      // No response: the application gets an exception, so the call failed, whatever the cause (a cancel, or
      // OkHttp's call timeout, which cancels the call and is reported as a timeout only outside the chain).
      OkHttpHooks.safely(() -> failed.onError(e));
      throw e;
    }
    try {
      ResponseBody body = response.body();
      exchange.onResponse(response.code(), response.header("Content-Type"));
      if (body == null) {
        exchange.onComplete();
        return response;
      }
      return response.newBuilder().body(new ObservingResponseBody(body, exchange, chain.call())).build();
    } catch (Throwable t) {
      OkHttpHooks.swallowed(t);
      WireExchange failed = exchange;
      OkHttpHooks.safely(() -> failed.onError(t));
      return response;
    }
  }
}
