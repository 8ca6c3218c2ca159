package dev.genaiwatch.processor.serverhealth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What one server did in an alarm's window compared with the period before it, in the operator's
 * words: "vllm:num_requests_waiting 2 → 14, KV-cache usage 60 % → 98 %, prefix-cache hit ratio 55 %
 * → 8 %". Gauges are compared as means over each period; the hit ratio is the counters' increase
 * over each period (hits / queried tokens), so it is the ratio of the traffic in that period.
 */
final class ServerActivity {
  private ServerActivity() {}

  /** Null when either period has no sample or nothing the server serves can be compared. */
  static String describe(List<ServerSample> reference, List<ServerSample> window) {
    if (reference.isEmpty() || window.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    gauge(parts, VllmExposition.WAITING, reference, window, ServerSample::waiting, false);
    gauge(parts, VllmExposition.RUNNING, reference, window, ServerSample::running, false);
    gauge(parts, "KV-cache usage", reference, window, ServerSample::kvCacheUsage, true);
    double before = hitRatio(reference.get(0), reference.get(reference.size() - 1));
    double during = hitRatio(reference.get(reference.size() - 1), window.get(window.size() - 1));
    if (!Double.isNaN(before) && !Double.isNaN(during)) {
      parts.add("prefix-cache hit ratio " + percent(before) + " → " + percent(during));
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static void gauge(
      List<String> parts,
      String name,
      List<ServerSample> reference,
      List<ServerSample> window,
      ToDoubleFunction<ServerSample> value,
      boolean share) {
    double before = mean(reference, value);
    double during = mean(window, value);
    if (Double.isNaN(before) || Double.isNaN(during)) {
      return;
    }
    parts.add(
        share
            ? name + " " + percent(before) + " → " + percent(during)
            : name + " " + count(before) + " → " + count(during));
  }

  static double mean(List<ServerSample> samples, ToDoubleFunction<ServerSample> value) {
    return samples.stream()
        .mapToDouble(value)
        .filter(v -> !Double.isNaN(v))
        .average()
        .orElse(Double.NaN);
  }

  private static double hitRatio(ServerSample from, ServerSample to) {
    double queries = to.prefixCacheQueries() - from.prefixCacheQueries();
    double hits = to.prefixCacheHits() - from.prefixCacheHits();
    // A counter that went down means the server restarted in between: no ratio across it.
    return queries > 0 && hits >= 0 ? hits / queries : Double.NaN;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  private static String count(double value) {
    return value >= 10 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
