package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.AsyncStreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The application's {@code AsyncStreamResponse}, observed through its handler: chunks are timed as
 * they reach the application's handler; the span ends on the handler's completion, or when the
 * stream is closed. An exception thrown by the application's own handler (which the SDK reports
 * back through {@code onComplete}) ends the stream early but is not recorded as a stream failure.
 */
final class TracingAsyncStreamResponse<T> implements AsyncStreamResponse<T> {
  private final AsyncStreamResponse<T> delegate;
  private final ActiveLlmCall call;

  TracingAsyncStreamResponse(AsyncStreamResponse<T> delegate, ActiveLlmCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
    delegate.subscribe(new TracingHandler<>(handler, call));
    return this;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
    delegate.subscribe(new TracingHandler<>(handler, call), executor);
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
      call.endClosedEarly();
    }
  }

  static final class TracingHandler<T> implements Handler<T> {
    private final Handler<? super T> handler;
    private final ActiveLlmCall call;

    TracingHandler(Handler<? super T> handler, ActiveLlmCall call) {
      this.handler = handler;
      this.call = call;
    }

    private volatile Throwable applicationError;

    @Override
    public void onNext(T value) {
      OpenAiJavaCalls.onChunk(call, value);
      try {
        handler.onNext(value);
      } catch (RuntimeException | Error e) {
        applicationError = e;
        throw e;
      }
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      if (!call.isEnded()) {
        if (error.isPresent() && error.get() == applicationError) {
          call.endClosedEarly();
        } else if (error.isPresent()) {
          OpenAiJavaCalls.endStreamWithError(call, error.get());
        } else {
          call.end();
        }
      }
      handler.onComplete(error);
    }
  }
}
