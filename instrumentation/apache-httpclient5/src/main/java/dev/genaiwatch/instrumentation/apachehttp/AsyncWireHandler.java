package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.wire.RequestBodyCopy;
import dev.genaiwatch.core.wire.WireExchange;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * First in an async client's execution chain (run on the thread that calls {@code execute}, so the
 * caller's context is current): recognises an LLM request, starts its call (or joins the library
 * call that owns it), adds {@code traceparent}, observes the request as its producer writes it for
 * the real send and the response as it passes to the application's consumer. Anything else passes
 * untouched.
 */
final class AsyncWireHandler implements AsyncExecChainHandler {

  @Override
  public void execute(
      HttpRequest request,
      AsyncEntityProducer producer,
      AsyncExecChain.Scope scope,
      AsyncExecChain chain,
      AsyncExecCallback callback)
      throws HttpException, IOException {
    WireExchange exchange = null;
    AsyncEntityProducer sentProducer = producer;
    AsyncExecCallback sentCallback = callback;
    try {
      exchange = ApacheHttpClientHooks.start(request, scope.route);
      if (exchange != null) {
        // Content-encoded bytes are not the JSON: the span then lacks the request-side attributes.
        if (exchange.owned() && producer != null && producer.getContentEncoding() == null) {
          sentProducer = new ObservingEntityProducer(producer, new RequestBodyCopy(exchange));
        }
        sentCallback = new ObservingExecCallback(callback, exchange, request, scope);
      }
    } catch (Throwable t) {
      ApacheHttpClientHooks.unobserved(t, request, exchange);
      sentProducer = producer;
      sentCallback = callback;
    }
    try {
      chain.proceed(request, sentProducer, scope, sentCallback);
    } catch (HttpException | IOException | RuntimeException e) {
      if (sentCallback instanceof ObservingExecCallback observing) {
        observing.end(e);
      }
      throw e;
    }
  }
}
