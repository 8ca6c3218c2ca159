package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.http.AsyncStreamResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The application's {@code AsyncStreamResponse}, observed through its handler: events are timed as
 * they reach the handler; the span ends on the handler's completion, or when the stream is closed.
 * An exception thrown by the application's own handler (which the SDK reports back through {@code
 * onComplete}) ends the stream early but is not recorded as a stream failure.
 */
final class TracingAsyncStreamResponse<T> implements AsyncStreamResponse<T> {
  private final AsyncStreamResponse<T> delegate;
  private final MessageStream message;

  TracingAsyncStreamResponse(AsyncStreamResponse<T> delegate, MessageStream message) {
    this.delegate = delegate;
    this.message = message;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
    delegate.subscribe(new TracingHandler<>(handler, message));
    return this;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
    delegate.subscribe(new TracingHandler<>(handler, message), executor);
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
      message.endClosedEarly();
    }
  }

  static final class TracingHandler<T> implements Handler<T> {
    private final Handler<? super T> handler;
    private final MessageStream message;
    private volatile Throwable applicationError;

    TracingHandler(Handler<? super T> handler, MessageStream message) {
      this.handler = handler;
      this.message = message;
    }

    @Override
    public void onNext(T value) {
      message.onEvent(value);
      try {
        handler.onNext(value);
      } catch (RuntimeException | Error e) {
        applicationError = e;
        throw e;
      }
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      if (!message.call().isEnded()) {
        if (error.isPresent() && error.get() == applicationError) {
          message.endClosedEarly();
        } else if (error.isPresent()) {
          message.endWithError(error.get());
        } else {
          message.end();
        }
      }
      handler.onComplete(error);
    }
  }
}
