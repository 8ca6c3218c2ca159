package dev.genaiwatch.processor.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What changed, in the user's units, for the alarm line: "input_tokens p50 470 → 540 (+15 %)",
 * "finish_reason=length 5.0 % → 24.8 %". The current side is the calls since the change point (see
 * {@link FeatureWatch#changePoint}) that are still in the current window.
 */
final class Effect {
  private Effect() {}

  static String numeric(NumericFeature feature, double referenceMedian, double[] current) {
    if (current.length == 0 || Double.isNaN(referenceMedian)) {
      return feature.featureName()
          + " p50 "
          + format(feature, referenceMedian)
          + " (no recent values)";
    }
    double[] sorted = current.clone();
    Arrays.sort(sorted);
    double now = median(sorted);
    String change =
        referenceMedian == 0
            ? ""
            : String.format(
                Locale.ROOT,
                " (%+.0f %%)",
                100 * (now - referenceMedian) / Math.abs(referenceMedian));
    return feature.featureName()
        + " p50 "
        + format(feature, referenceMedian)
        + " → "
        + format(feature, now)
        + change
        + ", over "
        + current.length
        + " calls";
  }

  static String unseen(CategoricalFeature feature, List<String> current, Set<String> known) {
    List<String> unseen = current.stream().filter(c -> !known.contains(c)).toList();
    return feature.featureName()
        + " new categories "
        + unseen.stream().distinct().limit(3).toList()
        + " 0 % → "
        + percent(unseen.size(), Math.max(1, current.size()))
        + ", over "
        + current.size()
        + " calls";
  }

  static String categorical(
      CategoricalFeature feature, String category, double referenceShare, List<String> current) {
    long hits = current.stream().filter(category::equals).count();
    return feature.featureName()
        + "="
        + category
        + " "
        + String.format(Locale.ROOT, "%.1f %%", 100 * referenceShare)
        + " → "
        + percent(hits, Math.max(1, current.size()))
        + ", over "
        + current.size()
        + " calls";
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
  }

  static String format(NumericFeature feature, double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return switch (feature) {
      case DURATION, TIME_TO_FIRST_CHUNK ->
          value >= 10
              ? String.format(Locale.ROOT, "%.1f s", value)
              : String.format(Locale.ROOT, "%.2f s", value);
      case CACHED_TOKEN_RATIO -> String.format(Locale.ROOT, "%.0f %%", 100 * value);
      case OUTPUT_TOKENS_PER_SECOND -> String.format(Locale.ROOT, "%.1f tok/s", value);
      case PROMPT_LENGTH -> String.format(Locale.ROOT, "%.0f chars", value);
      case JUDGE_SCORE, PROMPT_LEXICAL -> String.format(Locale.ROOT, "%.2f", value);
      default ->
          value >= 100 || value == Math.rint(value)
              ? String.format(Locale.ROOT, "%.0f", value)
              : String.format(Locale.ROOT, "%.1f", value);
    };
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double median(float[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
