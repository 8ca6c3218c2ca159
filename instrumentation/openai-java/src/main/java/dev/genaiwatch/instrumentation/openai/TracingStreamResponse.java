package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.StreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The application's {@code StreamResponse}, observed: each chunk is timed and read as it passes,
 * the span ends when the stream is exhausted, fails, or is closed early. Chunks are handed on
 * unchanged and an exception from the SDK is rethrown as is; an exception from the application's
 * own consumer is the application's business and is not recorded as a stream failure.
 */
final class TracingStreamResponse<T> implements StreamResponse<T> {
  private final StreamResponse<T> delegate;
  private final ActiveLlmCall call;

  TracingStreamResponse(StreamResponse<T> delegate, ActiveLlmCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public Stream<T> stream() {
    Stream<T> source = delegate.stream();
    return StreamSupport.stream(new TracingSpliterator<>(source.iterator(), call), false)
        .onClose(source::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.endClosedEarly();
    }
  }

  static final class TracingSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final Iterator<T> source;
    private final ActiveLlmCall call;

    TracingSpliterator(Iterator<T> source, ActiveLlmCall call) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.source = source;
      this.call = call;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      T next;
      try {
        if (!source.hasNext()) {
          call.end();
          return false;
        }
        next = source.next();
      } catch (RuntimeException | Error e) {
        OpenAiJavaCalls.endStreamWithError(call, e);
        throw e;
      }
      OpenAiJavaCalls.onChunk(call, next);
      action.accept(next);
      return true;
    }
  }
}
