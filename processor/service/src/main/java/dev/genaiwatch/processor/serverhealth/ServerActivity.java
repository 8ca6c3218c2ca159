package dev.genaiwatch.processor.serverhealth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What one server did in an alarm's window compared with the history before it, in the operator's
 * words: "vllm:num_requests_waiting 2 → 14, KV-cache usage 60 % → 98 %, prefix-cache hit ratio 55 %
 * → 8 %". The alarm window is summed up by its mean (gauges) and by the counters' increase over it
 * (hit ratio = hit tokens / queried tokens); the history before it by its median (gauges) and the
 * median of the hit ratios between consecutive scrapes: an alarm starts some time after its cause,
 * so the end of that history already shows the episode, and a median keeps the normal state rather
 * than a blend.
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
    double before = medianHitRatio(reference);
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
    double before = median(reference, value);
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

  private static double median(List<ServerSample> samples, ToDoubleFunction<ServerSample> value) {
    return median(samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).toArray());
  }

  private static double medianHitRatio(List<ServerSample> samples) {
    double[] ratios = new double[Math.max(0, samples.size() - 1)];
    for (int i = 1; i < samples.size(); i++) {
      ratios[i - 1] = hitRatio(samples.get(i - 1), samples.get(i));
    }
    return median(Arrays.stream(ratios).filter(v -> !Double.isNaN(v)).toArray());
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
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
