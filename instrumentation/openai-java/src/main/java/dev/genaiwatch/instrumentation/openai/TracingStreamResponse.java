package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.StreamResponse;
import dev.genaiwatch.core.CallStream;
import dev.genaiwatch.core.ObservedSdkStream;
import dev.genaiwatch.core.ObservedStream;
import java.util.stream.Stream;

/**
 * The application's {@code StreamResponse}, observed ({@link ObservedStream}): each event is timed
 * and read as it passes, the span ends when the stream is exhausted, fails, or is closed early.
 */
final class TracingStreamResponse<T> extends ObservedSdkStream implements StreamResponse<T> {
  private final StreamResponse<T> delegate;

  TracingStreamResponse(StreamResponse<T> delegate, CallStream events) {
    super(events, delegate::close);
    this.delegate = delegate;
  }

  @Override
  public Stream<T> stream() {
    return ObservedStream.of(delegate.stream(), events);
  }
}
