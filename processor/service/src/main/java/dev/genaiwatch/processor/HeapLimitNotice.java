package dev.genaiwatch.processor;

import java.util.List;
import java.util.Optional;

/**
 * A start-up warning when the processor runs without a heap limit. Without one the JVM sizes the
 * heap from the host's memory (a quarter of it) and grows toward that under steady load even though
 * the live data stays near 100 MB: measured at 5 GB resident after an hour on a 24 GB host, against
 * 785 MB with {@code -Xmx512m} (docs/operations.md, "Memory"). The JVM flag cannot be set from
 * inside the jar, so the operator is told once, at start.
 */
final class HeapLimitNotice {
  /** Heaps at or below this are taken as a deliberate choice (a container limit, a small host). */
  static final long MODEST_HEAP_BYTES = 1L << 30;

  private static final List<String> HEAP_LIMIT_FLAGS =
      List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=", "-XX:MaxRAMPercentage=");

  private HeapLimitNotice() {}

  /** The warning for a JVM started with {@code jvmArguments} and this maximum heap, if any. */
  static Optional<String> of(List<String> jvmArguments, long maxHeapBytes) {
    boolean limited =
        jvmArguments.stream().anyMatch(arg -> HEAP_LIMIT_FLAGS.stream().anyMatch(arg::startsWith));
    if (limited || maxHeapBytes <= MODEST_HEAP_BYTES) {
      return Optional.empty();
    }
    return Optional.of(
        "WARN no heap limit was given, so the JVM may grow the processor's heap to "
            + maxHeapBytes / (1024 * 1024)
            + " MB under steady load although its live data is about 100 MB. Start it with"
            + " java -Xmx512m -jar genai-watch-processor.jar (-Xmx1g for many drift keys with"
            + " embeddings); see docs/operations.md, \"Memory\".");
  }
}
