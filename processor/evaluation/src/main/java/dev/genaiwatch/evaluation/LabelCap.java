package dev.genaiwatch.evaluation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the values one metric label takes from sender data (service names, model names): the first
 * {@code max} distinct values are kept as they are, every later one becomes {@code other}. Without
 * it, a sender with random model names would grow {@code /metrics} and the heap without end. Values
 * seen once stay (their series exist already); only new ones overflow.
 */
public final class LabelCap {
  public static final String OVERFLOW = "other";

  private final int max;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public LabelCap(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a label cap must be at least 1, was " + max);
    }
    this.max = max;
  }

  public String apply(String value) {
    String v = value == null ? "" : value;
    if (seen.contains(v)) {
      return v;
    }
    if (seen.size() >= max) {
      return OVERFLOW;
    }
    // Two threads may both pass the size check: the cap can be passed by the number of threads,
    // never more.
    seen.add(v);
    return v;
  }
}
