package dev.genaiwatch.instrumentation.jdkhttp;

import dev.genaiwatch.core.wire.WireExchange;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The application's body handler, with its body subscriber wrapped so that every byte buffer is
 * shown to the {@link WireExchange} (read without moving its position) before the application's
 * subscriber gets it, unchanged. Works for every handler, built-in ({@code ofString}, {@code
 * ofInputStream}, {@code ofLines}, {@code ofPublisher}, ...) or custom, because all of them are
 * body subscribers.
 */
final class ObservingBodyHandler<T> implements HttpResponse.BodyHandler<T> {
  private final HttpResponse.BodyHandler<T> delegate;
  private final WireExchange exchange;

  ObservingBodyHandler(HttpResponse.BodyHandler<T> delegate, WireExchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    exchange.onResponse(info.statusCode(), info.headers().firstValue("content-type").orElse(null));
    return new ObservingSubscriber<>(delegate.apply(info), exchange);
  }

  private static final class ObservingSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> delegate;
    private final WireExchange exchange;

    ObservingSubscriber(HttpResponse.BodySubscriber<T> delegate, WireExchange exchange) {
      this.delegate = delegate;
      this.exchange = exchange;
    }

    @Override
    public CompletionStage<T> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      delegate.onSubscribe(new ObservingSubscription(subscription, exchange));
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      for (ByteBuffer buffer : item) {
        exchange.onBytes(buffer);
      }
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      exchange.onError(throwable);
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      exchange.onComplete();
      delegate.onComplete();
    }
  }

  /**
   * Sees the application cancel (close an input stream or a lines stream, cancel a publisher
   * subscription).
   */
  private static final class ObservingSubscription implements Flow.Subscription {
    private final Flow.Subscription delegate;
    private final WireExchange exchange;

    ObservingSubscription(Flow.Subscription delegate, WireExchange exchange) {
      this.delegate = delegate;
      this.exchange = exchange;
    }

    @Override
    public void request(long n) {
      delegate.request(n);
    }

    @Override
    public void cancel() {
      exchange.onCancel();
      delegate.cancel();
    }
  }
}
