package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.wire.WireCalls;
import dev.genaiwatch.core.wire.WireExchange;
import dev.genaiwatch.core.wire.WireTarget;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The application interceptor genai-watch adds to every {@code OkHttpClient}: recognises an LLM
 * request, starts its call (or joins the SDK call that owns it), adds {@code traceparent}, and
 * hands the application a response whose body shows every byte to the call on its way through.
 * Anything else passes untouched; a failure here sends the request exactly as the application built
 * it.
 */
public final class GenAiWatchInterceptor implements Interceptor {

  /**
   * The request to send: with the exchange's {@code traceparent}, and, for a call this exchange
   * owns, the body observed as it is written. Duplex bodies (written while the response is read)
   * and content-encoded ones (whose bytes are not the JSON) go as they are; the span then lacks the
   * request-side attributes.
   */
  private static Request prepared(Request request, WireExchange exchange) {
    RequestBody body = request.body();
    boolean observe =
        exchange.owned()
            && body != null
            && !body.isDuplex()
            && request.header("Content-Encoding") == null;
    if (!observe && exchange.traceparent() == null) {
      return request;
    }
    Request.Builder builder = request.newBuilder();
    if (observe) {
      builder.method(request.method(), new ObservingRequestBody(body, exchange));
    }
    if (exchange.traceparent() != null) {
      builder.header("traceparent", exchange.traceparent());
    }
    return builder.build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    WireExchange exchange = null;
    Request sent;
    try {
      HttpUrl url = request.url();
      // The body is not read here: it is observed as OkHttp writes it for the real send
      // (ObservingRequestBody).
      exchange =
          WireCalls.start(
              OkHttpInstrumentationModule.NAME,
              request.method(),
              new WireTarget(url.scheme(), url.host(), url.port(), url.encodedPath()),
              () -> null,
              request::header,
              CallContexts.take(chain.call()));
      sent = exchange == null ? request : prepared(request, exchange);
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
      // No response: the application gets an exception, so the call failed, whatever the cause (a
      // cancel, or
      // OkHttp's call timeout, which cancels the call and is reported as a timeout only outside the
      // chain).
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
      return response
          .newBuilder()
          .body(new ObservingResponseBody(body, exchange, chain.call()))
          .build();
    } catch (Throwable t) {
      OkHttpHooks.swallowed(t);
      WireExchange failed = exchange;
      OkHttpHooks.safely(() -> failed.onError(t));
      return response;
    }
  }
}
