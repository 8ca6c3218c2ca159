package dev.genaiwatch.instrumentation.openai;

import com.openai.core.http.StreamResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.ObservedStream;
import java.util.stream.Stream;

/**
 * The application's {@code StreamResponse}, observed ({@link ObservedStream}): each chunk is timed
 * and read as it passes, the span ends when the stream is exhausted, fails, or is closed early.
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
    return ObservedStream.of(delegate.stream(), new ChunkObserver(call));
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.endClosedEarly();
    }
  }

  /** A chunk read, the stream's end and its failure, recorded on the call's span. */
  private record ChunkObserver(ActiveLlmCall call) implements ObservedStream.Observer<Object> {
    @Override
    public void onEvent(Object chunk) {
      OpenAiJavaCalls.onChunk(call, chunk);
    }

    @Override
    public void end() {
      call.end();
    }

    @Override
    public void endWithError(Throwable error) {
      OpenAiJavaCalls.endStreamWithError(call, error);
    }
  }
}
