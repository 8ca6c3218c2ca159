package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reference and current distributions of a key's call features, summarised for a chart: a numeric
 * feature as shares of {@value #BINS} equal-width bins spanning both sides, a categorical one as
 * the share of each category (the {@value #CATEGORIES} largest, the rest as "other"). The reference
 * side is its stored quantiles, each standing for the same share of the reference calls.
 */
final class DriftDistributions {
  static final int BINS = 24;
  static final int CATEGORIES = 12;

  private DriftDistributions() {}

  /** Called under the key's monitor; empty while the key is still learning. */
  static Map<String, Object> of(KeyState state) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (state.reference == null) {
      return out;
    }
    List<CallFeatures> current = new ArrayList<>(state.current);
    for (NumericFeature feature : NumericFeature.values()) {
      double[] reference = state.reference.values(feature);
      // At the float precision of the reference quantiles, so equal values fall in one bin.
      double[] now =
          current.stream()
              .mapToDouble(c -> c.value(feature))
              .filter(v -> !Double.isNaN(v))
              .map(v -> (float) v)
              .toArray();
      if (reference.length > 0 || now.length > 0) {
        out.put(feature.featureName(), numeric(reference, now));
      }
    }
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      Map<String, Integer> reference = state.reference.counts(feature);
      Map<String, Integer> now = new LinkedHashMap<>();
      current.forEach(c -> now.merge(c.category(feature), 1, Integer::sum));
      if (!reference.isEmpty() || !now.isEmpty()) {
        out.put(feature.featureName(), categorical(reference, now));
      }
    }
    return out;
  }

  static Map<String, Object> numeric(double[] reference, double[] current) {
    double min = Math.min(min(reference), min(current));
    double max = Math.max(max(reference), max(current));
    if (!(max > min)) {
      max = min + 1;
    }
    double[] edges = new double[BINS + 1];
    for (int i = 0; i <= BINS; i++) {
      edges[i] = min + (max - min) * i / BINS;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "numeric");
    out.put("edges", edges);
    out.put("reference", shares(reference, min, max));
    out.put("current", shares(current, min, max));
    out.put("referenceCount", reference.length);
    out.put("currentCount", current.length);
    return out;
  }

  private static double[] shares(double[] values, double min, double max) {
    double[] shares = new double[BINS];
    for (double value : values) {
      int bin = (int) Math.floor((value - min) / (max - min) * BINS);
      shares[Math.max(0, Math.min(BINS - 1, bin))] += 1.0 / values.length;
    }
    return shares;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.POSITIVE_INFINITY);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NEGATIVE_INFINITY);
  }

  static Map<String, Object> categorical(
      Map<String, Integer> reference, Map<String, Integer> current) {
    TreeSet<String> all = new TreeSet<>(reference.keySet());
    all.addAll(current.keySet());
    List<String> largest =
        all.stream()
            .sorted(
                (a, b) ->
                    Integer.compare(
                        reference.getOrDefault(b, 0) + current.getOrDefault(b, 0),
                        reference.getOrDefault(a, 0) + current.getOrDefault(a, 0)))
            .limit(CATEGORIES)
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "categorical");
    List<String> categories = new ArrayList<>(largest);
    if (all.size() > largest.size()) {
      categories.add(CallBuffer.OTHER);
    }
    out.put("categories", categories);
    out.put("reference", categoryShares(reference, largest, categories.size()));
    out.put("current", categoryShares(current, largest, categories.size()));
    out.put("referenceCount", total(reference));
    out.put("currentCount", total(current));
    return out;
  }

  private static double[] categoryShares(
      Map<String, Integer> counts, List<String> largest, int size) {
    double[] shares = new double[size];
    int total = total(counts);
    if (total == 0) {
      return shares;
    }
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      int index = largest.indexOf(entry.getKey());
      shares[index >= 0 ? index : size - 1] += entry.getValue() / (double) total;
    }
    return shares;
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
