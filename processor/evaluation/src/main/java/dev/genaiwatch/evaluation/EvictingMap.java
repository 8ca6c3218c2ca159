package dev.genaiwatch.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map bounded to {@code capacity} entries: beyond it the eldest goes, by insertion order or, with
 * {@code accessOrder}, the least recently used.
 */
final class EvictingMap<K, V> extends LinkedHashMap<K, V> {
  private final int capacity;

  EvictingMap(int initialCapacity, int capacity, boolean accessOrder) {
    super(initialCapacity, 0.75f, accessOrder);
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > capacity;
  }
}
