package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.http.StreamResponse;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The application's {@code StreamResponse}, observed: each event is timed and read as it passes,
 * the span ends when the stream is exhausted, fails, or is closed early. Events are handed on
 * unchanged and an exception from the SDK is rethrown as is; an exception from the application's
 * own consumer is not a stream failure.
 */
final class TracingStreamResponse<T> implements StreamResponse<T> {
  private final StreamResponse<T> delegate;
  private final MessageStream message;

  TracingStreamResponse(StreamResponse<T> delegate, MessageStream message) {
    this.delegate = delegate;
    this.message = message;
  }

  @Override
  public Stream<T> stream() {
    Stream<T> source = delegate.stream();
    return StreamSupport.stream(new TracingSpliterator<>(source.iterator(), message), false)
        .onClose(source::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      message.endClosedEarly();
    }
  }

  static final class TracingSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final Iterator<T> source;
    private final MessageStream message;

    TracingSpliterator(Iterator<T> source, MessageStream message) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.source = source;
      this.message = message;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      T next;
      try {
        if (!source.hasNext()) {
          message.end();
          return false;
        }
        next = source.next();
      } catch (RuntimeException | Error e) {
        message.endWithError(e);
        throw e;
      }
      message.onEvent(next);
      action.accept(next);
      return true;
    }
  }
}
