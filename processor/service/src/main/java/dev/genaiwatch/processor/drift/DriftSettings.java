package dev.genaiwatch.processor.drift;

import dev.genaiwatch.processor.ProcessorConfig;
import java.time.Duration;

/**
 * Windows, schedule and thresholds of drift detection. Threshold defaults follow Evidently's: normalised
 * Wasserstein 0.1, PSI 0.2 ("significant"; 0.1 is "moderate"), KS p &lt; 0.05, Jensen–Shannon distance 0.1.
 */
public record DriftSettings(
    int referenceSize,
    int windowSize,
    int minSamples,
    int evaluateEveryCalls,
    Duration evaluateEvery,
    int consecutive,
    int maxKeys,
    double psiThreshold,
    double wassersteinThreshold,
    double ksPValue,
    double jsThreshold,
    boolean embeddingEnabled,
    double embeddingSampleRate,
    int embeddingQueue,
    int embeddingBatch,
    int embeddingReferenceSize,
    int embeddingWindowSize,
    double centroidThreshold,
    double mmdPValue,
    int mmdPermutations,
    java.util.Set<String> excludedFeatures) {

  public static DriftSettings from(ProcessorConfig config) {
    int reference = config.integer("drift.reference.size", 200);
    int window = config.integer("drift.window.size", 200);
    return new DriftSettings(
        reference,
        window,
        config.integer("drift.min.samples", 10),
        config.integer("drift.evaluate.every.calls", 50),
        Duration.ofSeconds(config.integer("drift.evaluate.every.seconds", 60)),
        config.integer("drift.consecutive", 3),
        config.integer("drift.max.keys", 1000),
        config.decimal("drift.threshold.psi", 0.2),
        config.decimal("drift.threshold.wasserstein", 0.1),
        config.decimal("drift.threshold.ks.pvalue", 0.05),
        config.decimal("drift.threshold.js", 0.1),
        config.bool("drift.embedding.enabled", true),
        config.decimal("drift.embedding.sample.rate", 1.0),
        config.integer("drift.embedding.queue", 256),
        config.integer("drift.embedding.batch", 16),
        config.integer("drift.embedding.reference.size", Math.min(reference, 100)),
        config.integer("drift.embedding.window.size", Math.min(window, 100)),
        config.decimal("drift.threshold.embedding.centroid", 0.05),
        config.decimal("drift.threshold.mmd.pvalue", 0.05),
        config.integer("drift.embedding.permutations", 200),
        java.util.Arrays.stream(config.string("drift.exclude.features", "").split(","))
            .map(String::strip).filter(f -> !f.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet()));
  }
}
