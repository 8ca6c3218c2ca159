package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.ObservedStream;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.WeakHashMap;
import java.util.stream.StreamSupport;

/**
 * The SDK's {@code ResponseStream}s that belong to a genai-watch call, each with the observer of
 * its chunks. The SDK's class is concrete and built from the HTTP response, so it is not wrapped:
 * its {@code iterator()} hands out an observed iterator ({@link ObservedStream}: chunks are timed
 * and read as the application reads them, the span ends when the stream is exhausted or fails), and
 * its {@code close()} ends a stream not read to the end as closed early. Weak keys: a stream the
 * application drops leaves nothing behind. Public: the hooks woven into the SDK call it.
 */
public final class ObservedResponseStreams {
  private static final Map<Object, ContentStream> STREAMS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ObservedResponseStreams() {}

  static void register(Object stream, ContentStream observer) {
    STREAMS.put(stream, observer);
  }

  /** The iterator the application reads: observed for a registered stream, else its own. */
  public static Object iterator(Object stream, Object iterator) {
    try {
      ContentStream observer = STREAMS.get(stream);
      if (observer == null || !(iterator instanceof Iterator<?> source)) {
        return iterator;
      }
      return ObservedStream.of(
              StreamSupport.stream(
                  Spliterators.spliteratorUnknownSize(source, Spliterator.ORDERED), false),
              observer)
          .iterator();
    } catch (Throwable t) {
      GoogleGenAiCalls.report(t);
      return iterator;
    }
  }

  /** The application closed the stream: the span ends (as closed early, unless it had ended). */
  public static void closed(Object stream) {
    try {
      ContentStream observer = STREAMS.remove(stream);
      if (observer != null) {
        observer.endClosedEarly();
      }
    } catch (Throwable t) {
      GoogleGenAiCalls.report(t);
    }
  }
}
