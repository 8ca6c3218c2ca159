package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.wire.WireExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * The application's side of an async exchange, observed: the final response's status and content
 * type, then each body buffer just before the application's consumer takes it (its position left as
 * it was), then the end. A failure after the application cancelled ({@code Future.cancel}) ends the
 * call closed, any other failure ends it failed.
 */
final class ObservingExecCallback implements AsyncExecCallback {
  private final AsyncExecCallback delegate;
  private final WireExchange exchange;
  private final HttpRequest request;
  private final AsyncExecChain.Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  ObservingExecCallback(
      AsyncExecCallback delegate,
      WireExchange exchange,
      HttpRequest request,
      AsyncExecChain.Scope scope) {
    this.delegate = delegate;
    this.exchange = exchange;
    this.request = request;
    this.scope = scope;
  }

  @Override
  public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
      throws HttpException, IOException {
    ApacheHttpClientHooks.safely(
        () -> {
          Header contentType = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
          exchange.onResponse(
              response.getCode(), contentType == null ? null : contentType.getValue());
        });
    AsyncDataConsumer consumer = delegate.handleResponse(response, entityDetails);
    return consumer == null ? null : new ObservingConsumer(consumer);
  }

  @Override
  public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
    delegate.handleInformationResponse(response);
  }

  @Override
  public void completed() {
    end(null);
    delegate.completed();
  }

  @Override
  public void failed(Exception cause) {
    end(cause);
    delegate.failed(cause);
  }

  /** Ends the call once: completed when {@code failure} is null. */
  void end(Exception failure) {
    if (ended.compareAndSet(false, true)) {
      ApacheHttpClientHooks.safely(
          () -> {
            ApacheHttpClientHooks.removeTraceparent(request, exchange);
            if (failure == null) {
              exchange.onComplete();
            } else if (scope.cancellableDependency != null
                && scope.cancellableDependency.isCancelled()) {
              exchange.onCancel();
            } else {
              exchange.onError(failure);
            }
          });
    }
  }

  /** The application's consumer, shown each buffer first. */
  private final class ObservingConsumer implements AsyncDataConsumer {
    private final AsyncDataConsumer consumer;

    ObservingConsumer(AsyncDataConsumer consumer) {
      this.consumer = consumer;
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      consumer.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      if (!ended.get()) {
        ApacheHttpClientHooks.safely(() -> exchange.onBytes(src));
      }
      consumer.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      end(null);
      consumer.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
      consumer.releaseResources();
    }
  }
}
