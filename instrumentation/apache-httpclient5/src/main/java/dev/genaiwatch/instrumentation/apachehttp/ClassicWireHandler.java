package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.wire.RequestBodyCopy;
import dev.genaiwatch.core.wire.WireExchange;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * First in a classic client's execution chain: recognises an LLM request, starts its call (or joins
 * the library call that owns it), adds {@code traceparent}, observes the request entity as it is
 * written for the real send, and hands the application a response whose entity shows every byte to
 * the call on its way through. Anything else passes untouched; a failure here sends the request
 * exactly as the application built it.
 */
final class ClassicWireHandler implements ExecChainHandler {

  @Override
  public ClassicHttpResponse execute(
      ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    HttpEntity original = request.getEntity();
    WireExchange exchange = null;
    try {
      exchange = ApacheHttpClientHooks.start(request, scope.route);
      // Content-encoded bytes are not the JSON: the span then lacks the request-side attributes.
      if (exchange != null
          && exchange.owned()
          && original != null
          && original.getContentEncoding() == null) {
        request.setEntity(new ObservingRequestEntity(original, new RequestBodyCopy(exchange)));
      }
    } catch (Throwable t) {
      request.setEntity(original);
      ApacheHttpClientHooks.unobserved(t, request, exchange);
      exchange = null;
    }
    if (exchange == null) {
      return chain.proceed(request, scope);
    }
    ClassicHttpResponse response;
    WireExchange sent = exchange;
    try {
      response = chain.proceed(request, scope);
    } catch (Throwable e) {
      ApacheHttpClientHooks.safely(() -> sent.onError(e));
      throw e;
    } finally {
      request.setEntity(original);
      ApacheHttpClientHooks.safely(() -> ApacheHttpClientHooks.removeTraceparent(request, sent));
    }
    try {
      sent.onResponse(
          response.getCode(),
          response.getFirstHeader(HttpHeaders.CONTENT_TYPE) == null
              ? null
              : response.getFirstHeader(HttpHeaders.CONTENT_TYPE).getValue());
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        sent.onComplete();
      } else {
        response.setEntity(new ObservingResponseEntity(entity, sent));
      }
    } catch (Throwable t) {
      ApacheHttpClientHooks.swallowed(t);
      ApacheHttpClientHooks.safely(() -> sent.onError(t));
    }
    return response;
  }
}
