package dev.genaiwatch.processor.cost;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a metric's label sets bounded: model and service names come from senders, so past {@code
 * max} distinct sets every new one is folded into {@value #OTHER}.
 */
final class SeriesCap {
  static final String OTHER = "_other";

  private final int max;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  SeriesCap(int max) {
    this.max = max;
  }

  /** The labels as given when their set is known or there is room; else every value folded. */
  String[] admit(String... labels) {
    String key = String.join("\u0000", labels);
    if (seen.contains(key) || (seen.size() < max && seen.add(key))) {
      return labels;
    }
    String[] folded = new String[labels.length];
    Arrays.fill(folded, OTHER);
    return folded;
  }
}
