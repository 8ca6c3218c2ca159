package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a key's reference traffic looked like, stored compactly: per numeric feature at most {@value
 * #QUANTILES} quantiles of its values (all values, sorted, when there are fewer), and per
 * categorical feature the count of each category. A reference of thousands of calls thus costs a
 * few kilobytes per key, in memory and in the state file.
 */
final class ReferenceProfile {
  static final int QUANTILES = 512;

  final int calls;
  private final Map<NumericFeature, float[]> quantiles;
  private final Map<NumericFeature, Integer> valueCounts;
  private final Map<CategoricalFeature, Map<String, Integer>> counts;

  ReferenceProfile(
      int calls,
      Map<NumericFeature, float[]> quantiles,
      Map<NumericFeature, Integer> valueCounts,
      Map<CategoricalFeature, Map<String, Integer>> counts) {
    this.calls = calls;
    this.quantiles = quantiles;
    this.valueCounts = valueCounts;
    this.counts = counts;
  }

  static ReferenceProfile of(Collection<CallFeatures> reference) {
    return of(CallBuffer.of(reference));
  }

  static ReferenceProfile of(CallBuffer reference) {
    Map<NumericFeature, float[]> quantiles = new EnumMap<>(NumericFeature.class);
    Map<NumericFeature, Integer> valueCounts = new EnumMap<>(NumericFeature.class);
    for (NumericFeature feature : NumericFeature.values()) {
      double[] values = reference.values(feature);
      if (values.length > 0) {
        Arrays.sort(values);
        quantiles.put(feature, quantilesOf(values));
        valueCounts.put(feature, values.length);
      }
    }
    Map<CategoricalFeature, Map<String, Integer>> counts = new EnumMap<>(CategoricalFeature.class);
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      counts.put(feature, reference.counts(feature));
    }
    return new ReferenceProfile(reference.size(), quantiles, valueCounts, counts);
  }

  /**
   * Every value when there are at most {@value #QUANTILES}, else the mid-point quantiles (i + ½)/Q.
   */
  private static float[] quantilesOf(double[] sorted) {
    int n = sorted.length;
    int q = Math.min(n, QUANTILES);
    float[] out = new float[q];
    for (int i = 0; i < q; i++) {
      out[i] =
          (float)
              (n <= QUANTILES
                  ? sorted[i]
                  : sorted[(int) Math.min(n - 1, Math.floor((i + 0.5) * n / q))]);
    }
    return out;
  }

  /** Sorted reference quantiles of {@code feature}; null when the reference has no value of it. */
  float[] quantiles(NumericFeature feature) {
    return quantiles.get(feature);
  }

  /** How many reference calls carried {@code feature} (its quantiles stand for them). */
  int valueCount(NumericFeature feature) {
    return valueCounts.getOrDefault(feature, 0);
  }

  double[] values(NumericFeature feature) {
    float[] q = quantiles.get(feature);
    if (q == null) {
      return new double[0];
    }
    double[] out = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = q[i];
    }
    return out;
  }

  Map<String, Integer> counts(CategoricalFeature feature) {
    return counts.getOrDefault(feature, Map.of());
  }

  /**
   * The reference's categories, one entry per call (what the two-sample categorical statistics
   * take).
   */
  List<String> categories(CategoricalFeature feature) {
    List<String> out = new ArrayList<>(calls);
    counts(feature).forEach((category, count) -> out.addAll(Collections.nCopies(count, category)));
    return out;
  }

  double share(CategoricalFeature feature, String category) {
    int total = counts(feature).values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : counts(feature).getOrDefault(category, 0) / (double) total;
  }

  double median(NumericFeature feature) {
    float[] q = quantiles.get(feature);
    return q == null ? Double.NaN : Effect.median(q);
  }

  Map<NumericFeature, float[]> allQuantiles() {
    return quantiles;
  }

  Map<CategoricalFeature, Map<String, Integer>> allCounts() {
    return counts;
  }
}
