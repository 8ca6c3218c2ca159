package dev.genaiwatch.processor.serverhealth;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/**
 * Reads the server-state metrics from a vLLM {@code /metrics} page (Prometheus text format, parsed
 * by the Hawkular scraper's parser): queue length, running requests, KV-cache usage (vLLM v1's
 * {@code vllm:kv_cache_usage_perc}, older vLLM's {@code vllm:gpu_cache_usage_perc}) and the
 * prefix-cache counters. Counters are matched with or without their {@code _total} suffix.
 */
final class VllmExposition {
  static final String WAITING = "vllm:num_requests_waiting";
  static final String RUNNING = "vllm:num_requests_running";
  static final String KV_USAGE = "vllm:kv_cache_usage_perc";
  static final String KV_USAGE_OLD = "vllm:gpu_cache_usage_perc";
  static final String PREFIX_HITS = "vllm:prefix_cache_hits";
  static final String PREFIX_QUERIES = "vllm:prefix_cache_queries";

  private VllmExposition() {}

  static ServerSample read(InputStream page, long epochMillis) throws IOException {
    Map<String, Double> sums = new HashMap<>();
    Map<String, Double> maxima = new HashMap<>();
    TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(page);
    for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
      String name = family.getName();
      name = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
      for (Metric metric : family.getMetrics()) {
        double value = valueOf(metric);
        if (!Double.isNaN(value)) {
          sums.merge(name, value, Double::sum);
          maxima.merge(name, value, Math::max);
        }
      }
    }
    // KV-cache usage is one engine-wide figure repeated per model series: the largest, not a sum.
    double kv = maxima.getOrDefault(KV_USAGE, maxima.getOrDefault(KV_USAGE_OLD, Double.NaN));
    return new ServerSample(
        epochMillis,
        sums.getOrDefault(WAITING, Double.NaN),
        sums.getOrDefault(RUNNING, Double.NaN),
        kv,
        sums.getOrDefault(PREFIX_HITS, Double.NaN),
        sums.getOrDefault(PREFIX_QUERIES, Double.NaN));
  }

  private static double valueOf(Metric metric) {
    if (metric instanceof Gauge gauge) {
      return gauge.getValue();
    }
    if (metric instanceof Counter counter) {
      return counter.getValue();
    }
    return Double.NaN;
  }
}
