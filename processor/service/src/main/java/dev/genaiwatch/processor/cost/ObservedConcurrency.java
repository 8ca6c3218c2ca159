package dev.genaiwatch.processor.cost;

/** How many requests a model server was running over a period, from its scraped /metrics. */
public interface ObservedConcurrency {
  ObservedConcurrency UNKNOWN = (server, from, to) -> Double.NaN;

  /**
   * Mean of {@code vllm:num_requests_running} of the server {@code address:port} between the two
   * instants (epoch nanoseconds); NaN when it is not scraped or has no sample then.
   */
  double meanRunning(String serverAddressAndPort, long fromEpochNanos, long toEpochNanos);
}
