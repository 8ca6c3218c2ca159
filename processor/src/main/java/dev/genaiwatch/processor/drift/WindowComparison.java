package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the current window of a key with its reference, feature by feature. Decision rules (documented in the
 * README): a numeric feature drifts when at least two of PSI, KS and normalised Wasserstein cross their thresholds
 * (a significant and material change, robust to one statistic's quirks on small or discrete samples); a
 * categorical one when its Jensen–Shannon distance crosses its threshold; an embedding when the MMD permutation
 * test is significant and the centroids moved by more than the centroid threshold.
 */
final class WindowComparison {
  static final long MMD_SEED = 20240607L;

  private WindowComparison() {}

  static List<FeatureResult> compare(KeyState.Snapshot snapshot, DriftSettings settings) {
    List<FeatureResult> results = new ArrayList<>();
    if (snapshot.reference().size() >= settings.minSamples() && snapshot.current().size() >= settings.minSamples()) {
      for (NumericFeature feature : NumericFeature.values()) {
        double[] reference = values(snapshot.reference(), feature);
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
        int crossed = (psi > settings.psiThreshold() ? 1 : 0) + (ks < settings.ksPValue() ? 1 : 0)
            + (wasserstein > settings.wassersteinThreshold() ? 1 : 0);
        results.add(new FeatureResult(feature.featureName(), scores, crossed >= 2));
      }
      for (CategoricalFeature feature : CategoricalFeature.values()) {
        double js = DriftStatistics.jensenShannonDistance(categories(snapshot.reference(), feature),
            categories(snapshot.current(), feature));
        results.add(new FeatureResult(feature.featureName(), Map.of("js", js), js > settings.jsThreshold()));
      }
    }
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      List<float[]> reference = snapshot.embeddingReference().get(feature);
      List<float[]> current = snapshot.embeddingCurrent().get(feature);
      if (reference.size() < settings.minSamples() || current.size() < settings.minSamples()) {
        continue;
      }
      double centroid = EmbeddingStatistics.cosineDistance(EmbeddingStatistics.centroid(reference),
          EmbeddingStatistics.centroid(current));
      EmbeddingStatistics.MmdResult mmd = EmbeddingStatistics.mmd(reference, current, settings.mmdPermutations(),
          MMD_SEED);
      Map<String, Double> scores = new LinkedHashMap<>();
      scores.put("embedding_centroid", centroid);
      scores.put("mmd", mmd.mmd2());
      scores.put("mmd_pvalue", mmd.pValue());
      boolean drifting = mmd.pValue() < settings.mmdPValue() && centroid > settings.centroidThreshold();
      results.add(new FeatureResult(feature.featureName(), scores, drifting));
    }
    return results;
  }

  private static double[] values(List<CallFeatures> calls, NumericFeature feature) {
    return calls.stream().mapToDouble(c -> c.value(feature)).filter(v -> !Double.isNaN(v)).toArray();
  }

  private static List<String> categories(List<CallFeatures> calls, CategoricalFeature feature) {
    return calls.stream().map(c -> c.category(feature)).toList();
  }
}
