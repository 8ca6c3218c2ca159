package dev.genaiwatch.core;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A library's stream of events as the application reads it, observed: each event is shown to the
 * observer as it passes, the observer hears when the stream is exhausted or fails. Events are
 * handed on unchanged and an exception from the library is rethrown as is; an exception from the
 * application's own consumer is the application's business and is not reported as a stream failure.
 * Every SDK stream wrapper (OpenAI, Anthropic) reads its events through this one.
 */
public final class ObservedStream {
  /** What the instrumentation does with the stream; called on the application's reading thread. */
  public interface Observer<T> {
    void onEvent(T event);

    void end();

    void endWithError(Throwable error);
  }

  private ObservedStream() {}

  /** The stream the application gets instead of {@code source}; closing it closes the source. */
  public static <T> Stream<T> of(Stream<T> source, Observer<? super T> observer) {
    return StreamSupport.stream(new ObservingSpliterator<>(source.iterator(), observer), false)
        .onClose(source::close);
  }

  private static final class ObservingSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final Iterator<T> source;
    private final Observer<? super T> observer;

    ObservingSpliterator(Iterator<T> source, Observer<? super T> observer) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.source = source;
      this.observer = observer;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      T next;
      try {
        if (!source.hasNext()) {
          observer.end();
          return false;
        }
        next = source.next();
      } catch (RuntimeException | Error e) {
        observer.endWithError(e);
        throw e;
      }
      observer.onEvent(next);
      action.accept(next);
      return true;
    }
  }
}
