package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.AsyncStreamResponse;
import dev.genaiwatch.core.CallStream;
import dev.genaiwatch.core.ObservedHandler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The application's {@code AsyncStreamResponse}, observed through its handler ({@link
 * ObservedHandler}): events are timed as they reach the handler; the span ends on the handler's
 * completion, or when the stream is closed.
 */
final class TracingAsyncStreamResponse<T> implements AsyncStreamResponse<T> {
  private final AsyncStreamResponse<T> delegate;
  private final CallStream events;

  TracingAsyncStreamResponse(AsyncStreamResponse<T> delegate, CallStream events) {
    this.delegate = delegate;
    this.events = events;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
    delegate.subscribe(new TracingHandler<>(handler, new ObservedHandler(events)));
    return this;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
    delegate.subscribe(new TracingHandler<>(handler, new ObservedHandler(events)), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      events.endClosedEarly();
    }
  }

  record TracingHandler<T>(Handler<? super T> handler, ObservedHandler observed)
      implements Handler<T> {
    @Override
    public void onNext(T value) {
      observed.next(value, handler::onNext);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      observed.completed(error);
      handler.onComplete(error);
    }
  }
}
