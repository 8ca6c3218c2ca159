package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.http.AsyncStreamResponse;
import dev.genaiwatch.core.CallStream;
import dev.genaiwatch.core.ObservedHandler;
import dev.genaiwatch.core.ObservedSdkStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The application's {@code AsyncStreamResponse}, observed through its handler ({@link
 * ObservedHandler}): events are timed as they reach the handler; the span ends on the handler's
 * completion, or when the stream is closed.
 */
final class TracingAsyncStreamResponse<T> extends ObservedSdkStream
    implements AsyncStreamResponse<T> {
  private final AsyncStreamResponse<T> delegate;

  TracingAsyncStreamResponse(AsyncStreamResponse<T> delegate, CallStream events) {
    super(events, delegate::close);
    this.delegate = delegate;
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
