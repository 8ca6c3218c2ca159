package dev.genaiwatch.processor.latency;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums of the parts over some joined calls, and what they say: the mean of each part in
 * milliseconds, the queue's share of the time to the first token (network + queue + prefill), and
 * the part that dominates it.
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

  void remove(LatencyBreakdown b) {
    calls--;
    network -= Math.max(0, b.networkNanos());
    queue -= b.queueNanos();
    prefill -= b.prefillNanos();
    decode -= b.decodeNanos();
    if (b.tokenMismatch()) {
      mismatches--;
    }
  }

  /** Queue time over network + queue + prefill: how much of the wait for a first token queued. */
  double queueShare() {
    long firstTokenWait = network + queue + prefill;
    return firstTokenWait == 0 ? 0 : (double) queue / firstTokenWait;
  }

  String dominantPart() {
    if (queue >= network && queue >= prefill) {
      return "queue";
    }
    return prefill >= network ? "prefill" : "network";
  }

  Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put("meanNetworkMs", meanMillis(network));
    out.put("meanQueueMs", meanMillis(queue));
    out.put("meanPrefillMs", meanMillis(prefill));
    out.put("meanDecodeMs", meanMillis(decode));
    out.put("queueShareOfFirstToken", queueShare());
    out.put("dominantPartOfFirstToken", calls == 0 ? null : dominantPart());
    out.put("tokenMismatches", mismatches);
    return out;
  }

  private double meanMillis(long sumNanos) {
    return calls == 0 ? 0 : sumNanos / 1e6 / calls;
  }
}
