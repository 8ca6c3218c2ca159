package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the current window of a key with its reference, feature by feature. Every rule asks for
 * a change that is both statistically significant and material, because with small windows a
 * distance alone (PSI, Wasserstein, JS) crosses its threshold on noise, and with large windows a
 * test alone is significant for tiny changes: a numeric feature drifts when KS is significant and
 * PSI or normalised Wasserstein crosses its threshold; a categorical one when the chi-square test
 * is significant and the Jensen–Shannon distance crosses its threshold; an embedding when the MMD
 * permutation test is significant and the centroids moved by more than the centroid threshold.
 */
final class WindowComparison {
  static final long MMD_SEED = 20240607L;

  private WindowComparison() {}

  static List<FeatureResult> compare(KeyState.Snapshot snapshot, DriftSettings settings) {
    List<FeatureResult> results = new ArrayList<>();
    // Only what changed since the last evaluation is compared: the embedding windows move far more
    // slowly than the
    // call windows, and their MMD permutation test is the most expensive statistic here.
    if (snapshot.newCalls()
        && snapshot.reference() != null
        && snapshot.reference().calls >= settings.minSamples()
        && snapshot.current().size() >= settings.minSamples()) {
      for (NumericFeature feature : NumericFeature.values()) {
        if (settings.excludedFeatures().contains(feature.featureName())) {
          continue;
        }
        double[] reference = snapshot.reference().values(feature);
        double[] current = values(snapshot.current(), feature);
        if (reference.length < settings.minSamples() || current.length < settings.minSamples()) {
          continue;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        double psi = DriftStatistics.psi(reference, current);
        double ks = DriftStatistics.ksPValue(reference, current);
        double wasserstein = DriftStatistics.wassersteinNormed(reference, current);
        scores.put("psi", psi);
        scores.put("ks", ks);
        scores.put("wasserstein", wasserstein);
        boolean significant = ks < settings.ksPValue();
        boolean material =
            psi > settings.psiThreshold() || wasserstein > settings.wassersteinThreshold();
        results.add(new FeatureResult(feature.featureName(), scores, significant && material));
      }
      for (CategoricalFeature feature : CategoricalFeature.values()) {
        if (settings.excludedFeatures().contains(feature.featureName())) {
          continue;
        }
        List<String> reference = snapshot.reference().categories(feature);
        List<String> current = categories(snapshot.current(), feature);
        double js = DriftStatistics.jensenShannonDistance(reference, current);
        double chiSquare = DriftStatistics.chiSquarePValue(reference, current);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("js", js);
        scores.put("chi_square", chiSquare);
        results.add(
            new FeatureResult(
                feature.featureName(),
                scores,
                chiSquare < settings.ksPValue() && js > settings.jsThreshold()));
      }
    }
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      if (!snapshot.newEmbeddings()
          || settings.excludedFeatures().contains(feature.featureName())) {
        continue;
      }
      List<float[]> reference = snapshot.embeddingReference().get(feature);
      List<float[]> current = snapshot.embeddingCurrent().get(feature);
      if (reference.size() < settings.minSamples() || current.size() < settings.minSamples()) {
        continue;
      }
      double centroid =
          EmbeddingStatistics.cosineDistance(
              EmbeddingStatistics.centroid(reference), EmbeddingStatistics.centroid(current));
      EmbeddingStatistics.MmdResult mmd =
          EmbeddingStatistics.mmd(reference, current, settings.mmdPermutations(), MMD_SEED);
      Map<String, Double> scores = new LinkedHashMap<>();
      scores.put("embedding_centroid", centroid);
      scores.put("mmd", mmd.mmd2());
      scores.put("mmd_pvalue", mmd.pValue());
      double material =
          Math.max(
              settings.centroidThreshold(),
              snapshot.chanceCentroidDistance().getOrDefault(feature, 0.0));
      scores.put("centroid_threshold", material);
      boolean drifting = mmd.pValue() < settings.mmdPValue() && centroid > material;
      results.add(new FeatureResult(feature.featureName(), scores, drifting));
    }
    return results;
  }

  /**
   * What changed, in the user's units, for an alarm of the window rule: the median for a numeric
   * feature, the category whose share moved most for a categorical one, the centroid distance for
   * an embedding.
   */
  static String effect(FeatureResult result, KeyState.Snapshot snapshot) {
    for (NumericFeature feature : NumericFeature.values()) {
      if (feature.featureName().equals(result.feature()) && snapshot.reference() != null) {
        return Effect.numeric(
            feature, snapshot.reference().median(feature), values(snapshot.current(), feature));
      }
    }
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      if (feature.featureName().equals(result.feature()) && snapshot.reference() != null) {
        List<String> current = categories(snapshot.current(), feature);
        Set<String> all = new TreeSet<>(snapshot.reference().counts(feature).keySet());
        all.addAll(current);
        String most = null;
        double largest = -1;
        for (String category : all) {
          double now =
              current.stream().filter(category::equals).count()
                  / (double) Math.max(1, current.size());
          double change = Math.abs(now - snapshot.reference().share(feature, category));
          if (change > largest) {
            largest = change;
            most = category;
          }
        }
        return most == null
            ? null
            : Effect.categorical(feature, most, snapshot.reference().share(feature, most), current);
      }
    }
    Double centroid = result.scores().get("embedding_centroid");
    if (centroid != null) {
      return String.format(
          Locale.ROOT,
          "%s centroid distance %.3f (MMD p %.3f), over %d sampled texts",
          result.feature(),
          centroid,
          result.scores().getOrDefault("mmd_pvalue", Double.NaN),
          Arrays.stream(EmbeddingFeature.values())
              .filter(f -> f.featureName().equals(result.feature()))
              .mapToInt(f -> snapshot.embeddingCurrent().get(f).size())
              .findFirst()
              .orElse(0));
    }
    return null;
  }

  /** At the float precision the reference profile keeps, so that equal values compare equal. */
  private static double[] values(List<CallFeatures> calls, NumericFeature feature) {
    return calls.stream()
        .mapToDouble(c -> c.value(feature))
        .filter(v -> !Double.isNaN(v))
        .map(v -> (float) v)
        .toArray();
  }

  static List<String> categories(List<CallFeatures> calls, CategoricalFeature feature) {
    return calls.stream().map(c -> c.category(feature)).toList();
  }
}
