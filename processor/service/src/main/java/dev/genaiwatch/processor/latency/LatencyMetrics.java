package dev.genaiwatch.processor.latency;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The latency split in Prometheus: {@code
 * genai_watch_latency_{queue,prefill,decode,network}_seconds} histograms per service, model and
 * server, and counters of joined pairs, spans that found no partner, token mismatches. At most
 * {@link #MAX_KEYS} service/model/server combinations get their own series; the rest share {@code
 * _other}, so a sender cannot grow the registry without bound.
 */
final class LatencyMetrics {
  static final int MAX_KEYS = 1000;
  static final String OTHER = "_other";
  private static final String[] KEY_LABELS = {
    "service_name", "gen_ai_request_model", "server_address"
  };
  private static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final Histogram queue;
  private final Histogram prefill;
  private final Histogram decode;
  private final Histogram network;
  private final Counter matched;
  private final Counter unmatched;
  private final Counter tokenMismatches;
  private final Counter listenerErrors;
  private final Counter breakdownSpansDropped;
  private final Set<String> keys = new HashSet<>();

  LatencyMetrics(PrometheusRegistry registry, IntSupplier pending) {
    queue = histogram(registry, "queue", "Time the model server kept the call waiting for a slot");
    prefill = histogram(registry, "prefill", "Model server time from scheduling to first token");
    decode = histogram(registry, "decode", "Model server time from first to last token");
    network =
        histogram(
            registry,
            "network",
            "Client-side time the server did not see: client TTFT minus server TTFT (streamed),"
                + " client duration minus server e2e (not streamed); negative values count as 0");
    matched =
        counter(
            registry,
            "genai_watch_latency_matched",
            "Client GenAI calls joined with their model server's llm_request span",
            KEY_LABELS);
    unmatched =
        counter(
            registry,
            "genai_watch_latency_unmatched",
            "Spans that found no partner: side client|server, reason window (waited"
                + " latency.window.ms) or budget (evicted under latency.max.pending)",
            "side",
            "reason");
    tokenMismatches =
        counter(
            registry,
            "genai_watch_latency_token_mismatches",
            "Joined calls whose server-reported token counts differ from the client's",
            KEY_LABELS);
    listenerErrors =
        counter(
            registry,
            "genai_watch_latency_listener_errors",
            "Breakdown listeners that threw; the breakdown was still published");
    breakdownSpansDropped =
        counter(
            registry,
            "genai_watch_latency_breakdown_spans_dropped",
            "genai_watch.latency_breakdown spans not emitted because their queue was full");
    GaugeWithCallback.builder()
        .name("genai_watch_latency_pending")
        .help("Spans and wire links waiting for their partner (at most latency.max.pending)")
        .callback(callback -> callback.call(pending.getAsInt()))
        .register(registry);
  }

  private static Counter counter(
      PrometheusRegistry registry, String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  private static Histogram histogram(PrometheusRegistry registry, String part, String help) {
    return Histogram.builder()
        .name("genai_watch_latency_" + part + "_seconds")
        .help(help)
        .classicUpperBounds(BUCKETS)
        .classicOnly()
        .labelNames(KEY_LABELS)
        .register(registry);
  }

  synchronized void matched(LatencyBreakdown b) {
    String[] key = labels(b);
    matched.labelValues(key).inc();
    queue.labelValues(key).observe(b.queueNanos() / 1e9);
    prefill.labelValues(key).observe(b.prefillNanos() / 1e9);
    decode.labelValues(key).observe(b.decodeNanos() / 1e9);
    network.labelValues(key).observe(Math.max(0, b.networkNanos()) / 1e9);
    if (b.tokenMismatch()) {
      tokenMismatches.labelValues(key).inc();
    }
  }

  void unmatched(LatencyJoin.Side side, String reason) {
    unmatched.labelValues(side.label, reason).inc();
  }

  void listenerError() {
    listenerErrors.inc();
  }

  void breakdownSpanDropped() {
    breakdownSpansDropped.inc();
  }

  private String[] labels(LatencyBreakdown b) {
    String joined = b.serviceName() + '\n' + b.model() + '\n' + b.server();
    if (keys.contains(joined) || keys.size() < MAX_KEYS && keys.add(joined)) {
      return new String[] {b.serviceName(), b.model(), b.server()};
    }
    return new String[] {OTHER, OTHER, OTHER};
  }
}
