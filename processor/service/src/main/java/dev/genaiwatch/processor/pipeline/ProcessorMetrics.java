package dev.genaiwatch.processor.pipeline;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The processor's own health counters, per signal: what was received, forwarded, retried (extra
 * attempts) and dropped (given up on), what the queue refused, and what was rejected as malformed.
 */
public final class ProcessorMetrics {
  private final Counter received;
  private final Counter forwarded;
  private final Counter retried;
  private final Counter dropped;
  private final Counter refused;
  private final Counter malformed;
  private final Counter enricherErrors;
  private final Counter refusedForMemory;

  public ProcessorMetrics(PrometheusRegistry registry) {
    received =
        counter(
            registry,
            "genai_watch_processor_received",
            "Items (spans, metrics, log records) accepted",
            "signal");
    forwarded =
        counter(
            registry,
            "genai_watch_processor_forwarded",
            "Items delivered downstream (or buffered)",
            "signal");
    retried =
        counter(
            registry,
            "genai_watch_processor_retried",
            "Items re-sent after a retryable downstream failure",
            "signal");
    dropped =
        counter(
            registry,
            "genai_watch_processor_dropped",
            "Items given up on after the last attempt",
            "signal");
    refused =
        counter(
            registry,
            "genai_watch_processor_refused",
            "Export requests answered with a retryable status because the queue was full",
            "signal");
    malformed =
        counter(
            registry,
            "genai_watch_processor_malformed_requests",
            "Requests rejected with a 4xx (bad protobuf, wrong content type, oversize, unauthorised, unknown path)",
            "reason");
    refusedForMemory =
        Counter.builder()
            .name("genai_watch_processor_memory_refused")
            .help(
                "Export requests answered with a retryable status because the heap was above memory.limit.percent")
            .register(registry);
    enricherErrors =
        counter(
            registry,
            "genai_watch_processor_enricher_errors",
            "Span enrichers that threw; the span was forwarded without their attributes",
            "enricher");
  }

  private static Counter counter(
      PrometheusRegistry registry, String name, String help, String label) {
    return Counter.builder().name(name).help(help).labelNames(label).register(registry);
  }

  public void received(Signal signal, int items) {
    received.labelValues(signal.label()).inc(items);
  }

  public void forwarded(Signal signal, int items) {
    forwarded.labelValues(signal.label()).inc(items);
  }

  public void retried(Signal signal, int items) {
    retried.labelValues(signal.label()).inc(items);
  }

  public void dropped(Signal signal, int items) {
    dropped.labelValues(signal.label()).inc(items);
  }

  public void refused(Signal signal) {
    refused.labelValues(signal.label()).inc();
  }

  /** A request refused (retryably) because the heap was above memory.limit.percent. */
  public void refusedForMemory() {
    refusedForMemory.inc();
  }

  public void malformed(String reason) {
    malformed.labelValues(reason).inc();
  }

  public void enricherError(String enricher) {
    enricherErrors.labelValues(enricher).inc();
  }

  public double forwardedCount(Signal signal) {
    return forwarded.labelValues(signal.label()).get();
  }

  public double droppedCount(Signal signal) {
    return dropped.labelValues(signal.label()).get();
  }

  public double retriedCount(Signal signal) {
    return retried.labelValues(signal.label()).get();
  }
}
