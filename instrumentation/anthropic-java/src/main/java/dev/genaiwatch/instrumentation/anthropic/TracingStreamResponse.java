package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.http.StreamResponse;
import dev.genaiwatch.core.ObservedStream;
import java.util.stream.Stream;

/**
 * The application's {@code StreamResponse}, observed ({@link ObservedStream}): each event is timed
 * and read as it passes, the span ends when the stream is exhausted, fails, or is closed early.
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
    return ObservedStream.of(delegate.stream(), message);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      message.endClosedEarly();
    }
  }
}
