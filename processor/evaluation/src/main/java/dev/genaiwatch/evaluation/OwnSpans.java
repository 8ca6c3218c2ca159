package dev.genaiwatch.evaluation;

import com.google.protobuf.ByteString;
import java.util.Map;

/**
 * Ids of the spans the evaluator emitted (judge calls, evaluation spans), until each comes back
 * through the pipeline once. Span ids are random 64-bit values the evaluator draws, so incoming
 * data cannot claim to be one of these ahead of time. Bounded: the oldest ids go first (a span that
 * never came back).
 */
final class OwnSpans {
  private final Map<ByteString, Boolean> ids;

  OwnSpans(int capacity) {
    this.ids = new EvictingMap<>(64, capacity, false);
  }

  synchronized void add(ByteString spanId) {
    ids.put(spanId, Boolean.TRUE);
  }

  /** True, once, for an id this evaluator emitted. */
  synchronized boolean remove(ByteString spanId) {
    return ids.remove(spanId) != null;
  }
}
