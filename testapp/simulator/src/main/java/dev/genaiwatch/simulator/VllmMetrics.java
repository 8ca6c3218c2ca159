package dev.genaiwatch.simulator;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The subset of vLLM's Prometheus metrics that genai-watch correlates with client-side telemetry,
 * under vLLM's exact names, label ({@code model_name}) and bucket boundaries, rendered in the text
 * exposition format the way prometheus_client does it.
 */
final class VllmMetrics {

  static final List<String> FINISH_REASONS = List.of("stop", "length", "abort");

  private static final double[] TTFT_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    20.0, 40.0, 80.0, 160.0, 640.0, 2560.0
  };
  private static final double[] E2E_BUCKETS = {
    0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
    480.0, 960.0, 1920.0, 7680.0
  };
  private static final double[] TPOT_BUCKETS = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
    40.0, 80.0
  };

  private final Map<String, ModelMetrics> byModel = new ConcurrentSkipListMap<>();
  private final DoubleSupplier kvCacheUsage;

  VllmMetrics(Collection<String> models, DoubleSupplier kvCacheUsage) {
    this.kvCacheUsage = kvCacheUsage;
    for (String m : models) {
      model(m);
    }
  }

  ModelMetrics model(String name) {
    return byModel.computeIfAbsent(name, n -> new ModelMetrics());
  }

  /** Per-model series. */
  static final class ModelMetrics {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder generationTokens = new LongAdder();
    final LongAdder prefixQueries = new LongAdder();
    final LongAdder prefixHits = new LongAdder();
    final Map<String, LongAdder> success = new ConcurrentHashMap<>();
    final Histogram ttft = new Histogram(TTFT_BUCKETS);
    final Histogram e2e = new Histogram(E2E_BUCKETS);
    final Histogram tpot = new Histogram(TPOT_BUCKETS);

    /** Counts a prefill: its prompt tokens, looked up in the prefix cache, {@code cached} hit. */
    void prefilled(int prompt, int cached) {
      promptTokens.add(prompt);
      prefixQueries.add(prompt);
      prefixHits.add(cached);
    }

    void finished(String reason) {
      success.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }
  }

  /** Cumulative histogram; synchronized because buckets, sum and count must move together. */
  static final class Histogram {
    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new long[bounds.length];
    }

    synchronized void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts[i]++;
        }
      }
      sum += value;
      count++;
    }

    synchronized void render(StringBuilder out, String name, String labels) {
      for (int i = 0; i < bounds.length; i++) {
        sample(out, name + "_bucket", labels + ",le=\"" + bounds[i] + "\"", counts[i]);
      }
      sample(out, name + "_bucket", labels + ",le=\"+Inf\"", count);
      sample(out, name + "_count", labels, count);
      sample(out, name + "_sum", labels, sum);
    }
  }

  String render() {
    StringBuilder out = new StringBuilder(8192);
    header(
        out,
        "vllm:num_requests_running",
        "gauge",
        "Number of requests in model execution batches.");
    byModel.forEach(
        (m, mm) -> sample(out, "vllm:num_requests_running", label(m), mm.running.get()));
    header(
        out, "vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.");
    byModel.forEach(
        (m, mm) -> sample(out, "vllm:num_requests_waiting", label(m), mm.waiting.get()));
    header(out, "vllm:kv_cache_usage_perc", "gauge", "KV-cache usage. 1 means 100 percent usage.");
    double kvUsage = kvCacheUsage.getAsDouble();
    byModel.forEach((m, mm) -> sample(out, "vllm:kv_cache_usage_perc", label(m), kvUsage));
    counter(
        out,
        "vllm:prompt_tokens_total",
        "Number of prefill tokens processed.",
        mm -> mm.promptTokens.sum());
    counter(
        out,
        "vllm:generation_tokens_total",
        "Number of generation tokens processed.",
        mm -> mm.generationTokens.sum());
    counter(
        out,
        "vllm:prefix_cache_queries_total",
        "Prefix cache queries, in terms of number of queried tokens.",
        mm -> mm.prefixQueries.sum());
    counter(
        out,
        "vllm:prefix_cache_hits_total",
        "Prefix cache hits, in terms of number of cached tokens.",
        mm -> mm.prefixHits.sum());
    header(
        out, "vllm:request_success_total", "counter", "Count of successfully processed requests.");
    byModel.forEach(
        (m, mm) -> {
          for (String reason : FINISH_REASONS) {
            LongAdder a = mm.success.get(reason);
            sample(
                out,
                "vllm:request_success_total",
                label(m) + ",finished_reason=\"" + reason + "\"",
                a == null ? 0 : a.sum());
          }
          mm.success.forEach(
              (reason, a) -> {
                if (!FINISH_REASONS.contains(reason)) {
                  sample(
                      out,
                      "vllm:request_success_total",
                      label(m) + ",finished_reason=\"" + escape(reason) + "\"",
                      a.sum());
                }
              });
        });
    header(
        out,
        "vllm:time_to_first_token_seconds",
        "histogram",
        "Histogram of time to first token in seconds.");
    byModel.forEach((m, mm) -> mm.ttft.render(out, "vllm:time_to_first_token_seconds", label(m)));
    header(
        out,
        "vllm:e2e_request_latency_seconds",
        "histogram",
        "Histogram of e2e request latency in seconds.");
    byModel.forEach((m, mm) -> mm.e2e.render(out, "vllm:e2e_request_latency_seconds", label(m)));
    header(
        out,
        "vllm:time_per_output_token_seconds",
        "histogram",
        "Histogram of time per output token in seconds.");
    byModel.forEach((m, mm) -> mm.tpot.render(out, "vllm:time_per_output_token_seconds", label(m)));
    return out.toString();
  }

  private interface CounterValue {
    long of(ModelMetrics mm);
  }

  private void counter(StringBuilder out, String name, String help, CounterValue v) {
    header(out, name, "counter", help);
    byModel.forEach((m, mm) -> sample(out, name, label(m), v.of(mm)));
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ").append(format(value)).append('\n');
  }

  private static String format(double v) {
    return Double.toString(v);
  }

  private static String label(String model) {
    return "model_name=\"" + escape(model) + "\"";
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
