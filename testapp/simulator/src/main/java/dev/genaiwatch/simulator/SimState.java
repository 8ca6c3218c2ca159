package dev.genaiwatch.simulator;

import java.io.IOException;
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

  /** The {@code llm_request} span exporter, or null when no traces endpoint is configured. */
  final ServerSpanExporter serverSpans;

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
    this.serverSpans =
        config.otlpTracesEndpoint() == null
            ? null
            : new ServerSpanExporter(config.otlpTracesEndpoint());
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

  /**
   * Waits for a running slot, counted in {@code vllm:num_requests_waiting} meanwhile, and marks the
   * request admitted: its queue time ends here.
   */
  LatencyModel.Slot admit(VllmMetrics.ModelMetrics mm, RequestTimeline timeline, int promptTokens)
      throws InterruptedException {
    mm.waiting.incrementAndGet();
    LatencyModel.Slot slot;
    try {
      slot = latency.admit(promptTokens);
    } finally {
      mm.waiting.decrementAndGet();
    }
    timeline.admitted();
    return slot;
  }

  /** What a generation request does once admitted to the engine. */
  interface EngineWork {
    void run(VllmMetrics.ModelMetrics mm) throws IOException, HttpProblem, InterruptedException;
  }

  /**
   * The engine's part of a generation request: in a running slot of the model's engine (see {@link
   * #admit}), counted in {@code vllm:num_requests_running} meanwhile, {@code prefill} and then
   * {@code stream} or {@code respond} as the request asks.
   */
  void generate(
      GenerationRequest req,
      RequestTimeline timeline,
      EngineWork prefill,
      EngineWork stream,
      EngineWork respond)
      throws IOException, HttpProblem, InterruptedException {
    VllmMetrics.ModelMetrics mm = metrics.model(req.model());
    LatencyModel.Slot slot = admit(mm, timeline, req.promptTokens());
    mm.running.incrementAndGet();
    try (slot) {
      prefill.run(mm);
      (req.stream() ? stream : respond).run(mm);
    } finally {
      mm.running.decrementAndGet();
    }
  }

  /** Starts the timeline of a generation request that has just arrived. */
  RequestTimeline arrived(HttpRequest request) {
    return new RequestTimeline(TraceParent.parse(request.header("traceparent")));
  }

  /**
   * Logs a served generation (its timing from {@code timeline.finish()}) and, when it reached the
   * engine (status 200), sends its {@code llm_request} span like vLLM.
   */
  void served(ServedResponse response, RequestTimeline timeline) {
    served.add(response);
    if (serverSpans != null && response.httpStatus() == 200 && response.timing() != null) {
      serverSpans.export(new ServerSpanExporter.ServerSpan(response, timeline.parent()));
    }
  }
}
