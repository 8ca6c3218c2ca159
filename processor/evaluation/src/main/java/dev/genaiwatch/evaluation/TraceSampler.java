package dev.genaiwatch.evaluation;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Deterministic sampling by trace id: the id hashes to a point in [0, 1) and the trace is sampled
 * when the point is below the rate. Every span of a trace gets the same answer, every processor
 * replica too, and raising the rate only adds traces (the earlier sample is kept).
 */
final class TraceSampler {

  private final double rate;

  TraceSampler(double rate) {
    this.rate = rate;
  }

  boolean sampled(byte[] traceId) {
    return rate >= 1 || (rate > 0 && point(traceId) < rate);
  }

  /** SplitMix64-mixed halves of the id, top 53 bits as a double in [0, 1). */
  static double point(byte[] traceId) {
    ByteBuffer b = ByteBuffer.wrap(traceId.length == 16 ? traceId : Arrays.copyOf(traceId, 16));
    long h = mix(mix(b.getLong()) ^ b.getLong());
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
