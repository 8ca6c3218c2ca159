package dev.genaiwatch.simulator;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Everything the endpoint handlers share for the lifetime of one server. */
final class SimState {

  final SimConfig config;
  final LatencyModel latency;
  final PrefixCache prefixCache;
  final VllmMetrics metrics;
  final ServedLog served;
  final Queue<Fault> faults = new ConcurrentLinkedQueue<>();

  /** Every request in arrival order, capped like the served log (trace propagation checks). */
  final Queue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();

  /** Fixed per seed instead of the wall clock, so identical runs produce identical bytes. */
  final long created;

  final String systemFingerprint;
  private final AtomicLong requestCounter = new AtomicLong();

  SimState(SimConfig config) {
    this.config = config;
    this.latency = new LatencyModel(config);
    this.prefixCache = new PrefixCache(config.prefixCacheEntries(), SimConfig.BLOCK_SIZE);
    this.metrics = new VllmMetrics(config.models(), latency::kvCacheUsage);
    this.served = new ServedLog(config.servedLogCapacity());
    this.created = 1_735_689_600L + Math.floorMod(config.seed(), 86_400L);
    this.systemFingerprint =
        "fp_" + String.format("%016x", Hashing.mix(config.seed())).substring(0, 10);
  }

  /**
   * Unique per request (the mix is a bijection of seed + counter) yet reproducible: the n-th
   * request to a server with a given seed always gets the same id.
   */
  String nextId(String prefix) {
    long n = requestCounter.incrementAndGet();
    return prefix + String.format("%016x", Hashing.mix(Hashing.mix(config.seed()) + n));
  }

  /** The header fault wins; otherwise the next queued one. */
  Fault selectFault(HttpRequest request) throws HttpProblem {
    String header = request.header("X-Sim-Fault");
    if (header != null && !header.isBlank()) {
      try {
        return Fault.parse(header);
      } catch (IllegalArgumentException e) {
        throw HttpProblem.badRequest(e.getMessage(), "X-Sim-Fault");
      }
    }
    return faults.poll();
  }
}
