package dev.genaiwatch.processor.latency;

/**
 * Told of every joined pair, on the pipeline thread right after the join: must be quick and must
 * not throw (a listener that throws is counted and skipped). The cost per call reads {@link
 * LatencyBreakdown#inferenceNanos()} here.
 */
@FunctionalInterface
public interface LatencyBreakdownListener {
  void onBreakdown(LatencyBreakdown breakdown);
}
