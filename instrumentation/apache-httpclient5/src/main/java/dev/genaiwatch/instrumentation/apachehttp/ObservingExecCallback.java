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
 *
 * <p>The cancel is read from the application's future ({@link
 * AsyncExecChain.Scope#cancellableDependency}) at every callback rather than waited for as a
 * failure: HttpClient sometimes never passes it on to the exchange (the future's dependency is set
 * while the connection is leased and again, from the I/O thread, when the request is sent, and the
 * later of the two is not always the exchange's), so the response keeps streaming to its end after
 * the application cancelled. The call then ends closed at the first callback after the cancel, with
 * what had arrived before it.
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
            // Checked first: the end of a response the application had already given up on (its
            // consumer never sees that end) is not a complete call.
            if (cancelledByApplication()) {
              exchange.onCancel();
            } else if (failure == null) {
              exchange.onComplete();
            } else {
              exchange.onError(failure);
            }
          });
    }
  }

  /**
   * Whether the application cancelled its future. Once the exchange ended, the future is complete
   * and a later cancel does not count.
   */
  private boolean cancelledByApplication() {
    return scope.cancellableDependency != null && scope.cancellableDependency.isCancelled();
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
        if (cancelledByApplication()) {
          end(null);
        } else {
          ApacheHttpClientHooks.safely(() -> exchange.onBytes(src));
        }
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
