package dev.genaiwatch.processor.latency;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the parts of some joined calls say: the mean (over every call) or median (over the latest)
 * of each part in milliseconds, the queue's share of the wait for the first token (network + queue
 * + prefill), and the part that dominates it.
 */
final class SplitSummary {
  private long calls;
  private long network;
  private long queue;
  private long prefill;
  private long decode;
  private long mismatches;

  void add(LatencyBreakdown b) {
    calls++;
    network += Math.max(0, b.networkNanos());
    queue += b.queueNanos();
    prefill += b.prefillNanos();
    decode += b.decodeNanos();
    if (b.tokenMismatch()) {
      mismatches++;
    }
  }

  /** Means over every call added. */
  Map<String, Object> toJson() {
    return view("mean", calls, mismatches, network, queue, prefill, decode, calls);
  }

  /**
   * Medians over {@code pairs}: a few calls slowed by the client's warm-up or a network hiccup do
   * not hide what most recent calls waited for.
   */
  static Map<String, Object> medians(Collection<LatencyBreakdown> pairs) {
    long mismatches = pairs.stream().filter(LatencyBreakdown::tokenMismatch).count();
    return view(
        "median",
        pairs.size(),
        mismatches,
        median(pairs, b -> Math.max(0, b.networkNanos())),
        median(pairs, LatencyBreakdown::queueNanos),
        median(pairs, LatencyBreakdown::prefillNanos),
        median(pairs, LatencyBreakdown::decodeNanos),
        1);
  }

  private static long median(
      Collection<LatencyBreakdown> pairs, ToLongFunction<LatencyBreakdown> part) {
    long[] values = pairs.stream().mapToLong(part).sorted().toArray();
    if (values.length == 0) {
      return 0;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /**
   * The view of summed (or typical) parts: each divided by {@code divisor} in ms, the queue's share
   * of network + queue + prefill (the wait for the first token) and the part that dominates it.
   */
  private static Map<String, Object> view(
      String statistic,
      long calls,
      long mismatches,
      long network,
      long queue,
      long prefill,
      long decode,
      long divisor) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put(statistic + "NetworkMs", millis(network, divisor));
    out.put(statistic + "QueueMs", millis(queue, divisor));
    out.put(statistic + "PrefillMs", millis(prefill, divisor));
    out.put(statistic + "DecodeMs", millis(decode, divisor));
    long firstTokenWait = network + queue + prefill;
    out.put("queueShareOfFirstToken", firstTokenWait == 0 ? 0 : (double) queue / firstTokenWait);
    out.put("dominantPartOfFirstToken", calls == 0 ? null : dominant(network, queue, prefill));
    out.put("tokenMismatches", mismatches);
    return out;
  }

  private static String dominant(long network, long queue, long prefill) {
    if (queue >= network && queue >= prefill) {
      return "queue";
    }
    return prefill >= network ? "prefill" : "network";
  }

  private static double millis(long nanos, long divisor) {
    return divisor == 0 ? 0 : nanos / 1e6 / divisor;
  }
}
