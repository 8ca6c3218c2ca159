package dev.genaiwatch.simulator;

import java.time.Instant;

/**
 * The moments of one generation request (arrived, admitted to a running slot, first token, last
 * token) on the monotonic clock, turned into a {@link ServerTiming} when the request is logged. A
 * moment not reached (a rejected request, a stream cut before its first token) collapses onto the
 * previous one, so the parts always add up to the e2e time.
 */
final class RequestTimeline {

  private final long arrivedEpochNanos = epochNanos(Instant.now());
  private final long arrived = System.nanoTime();
  private final TraceParent parent;
  private long admitted;
  private long firstToken;

  RequestTimeline(TraceParent parent) {
    this.parent = parent;
  }

  /** The incoming {@code traceparent}, or null when the request carried none (or a broken one). */
  TraceParent parent() {
    return parent;
  }

  void admitted() {
    admitted = System.nanoTime();
  }

  /** The first output token is ready; only the first call counts. */
  void firstToken() {
    if (firstToken == 0) {
      firstToken = System.nanoTime();
    }
  }

  /** The timing up to now, the end of the response. */
  ServerTiming finish() {
    long end = System.nanoTime();
    long admittedAt = admitted == 0 ? end : admitted;
    long firstAt = firstToken == 0 ? end : Math.max(firstToken, admittedAt);
    return new ServerTiming(
        arrivedEpochNanos,
        admittedAt - arrived,
        firstAt - admittedAt,
        end - firstAt,
        firstAt - arrived,
        end - arrived);
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
