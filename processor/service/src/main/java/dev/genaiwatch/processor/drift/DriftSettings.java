package dev.genaiwatch.processor.drift;

import dev.genaiwatch.processor.ProcessorConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Windows, schedule and thresholds of drift detection. The call features' alarms come from
 * sequential detectors calibrated by one number, {@code drift.false.alarms.per.10k} (expected false
 * alarms per 10,000 calls of a key, all features together; see {@link Calibration}). The fixed
 * per-method thresholds of the window rule (defaults follow Evidently's: normalised Wasserstein
 * 0.1, PSI 0.2, KS p &lt; 0.05, Jensen–Shannon distance 0.1, k = 3 consecutive evaluations) remain
 * as overrides: setting any of them, or {@code drift.consecutive}, makes the window rule decide the
 * call features' alarms again ({@link #windowRule}), and the knob no longer bounds them. The window
 * statistics are computed and exported as scores either way. Embeddings are sampled per block of
 * {@code drift.embedding.block.calls} texts of a key ({@code drift.embedding.sample.per.block} of
 * them, uniformly), and alarm after {@code drift.embedding.consecutive} drifting blocks.
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
    int embeddingBlockCalls,
    int embeddingSamplePerBlock,
    int embeddingConsecutive,
    int embeddingThreads,
    int embeddingCacheEntries,
    int embeddingQueue,
    int embeddingBatch,
    int embeddingReferenceSize,
    int embeddingWindowSize,
    double centroidThreshold,
    double mmdPValue,
    int mmdPermutations,
    Set<String> excludedFeatures,
    double falseAlarmsPer10k,
    double designShift,
    boolean windowRule,
    long referenceRefreshCalls,
    Duration keyIdle,
    boolean templateKeys,
    long stateMaxBytes) {

  /**
   * Setting any of these makes the fixed-threshold window rule decide the call features' alarms.
   */
  private static final Logger LOG = Logger.getLogger(DriftSettings.class.getName());

  static final List<String> WINDOW_RULE_KEYS =
      List.of(
          "drift.consecutive",
          "drift.threshold.psi",
          "drift.threshold.wasserstein",
          "drift.threshold.ks.pvalue",
          "drift.threshold.js");

  public static DriftSettings from(ProcessorConfig config) {
    if (config.string("drift.consecutive", null) != null) {
      LOG.warning(
          "[genai-watch-processor] drift.consecutive is deprecated: it switches the call features"
              + " back to the fixed-threshold window rule, which drift.false.alarms.per.10k does not"
              + " bound; for a short run set a smaller drift.reference.size instead (docs/drift.md,"
              + " \"A small reference\")");
    }
    int reference = config.integer("drift.reference.size", 3000);
    int window = config.integer("drift.window.size", 200);
    // Two blocks per call window: an embedding shift is judged over about as many calls as a
    // numeric one.
    int block =
        atLeastOne(config, "drift.embedding.block.calls", Math.max(1, Math.min(100, window / 2)));
    int perBlock = atLeastOne(config, "drift.embedding.sample.per.block", Math.min(16, block));
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
        block,
        perBlock,
        atLeastOne(config, "drift.embedding.consecutive", 2),
        atLeastOne(
            config,
            "drift.embedding.threads",
            Math.min(2, Runtime.getRuntime().availableProcessors())),
        atLeastOne(config, "drift.embedding.cache.entries", 4096),
        atLeastOne(config, "drift.embedding.queue", 256),
        atLeastOne(config, "drift.embedding.batch", 16),
        config.integer("drift.embedding.reference.size", Math.min(reference, 100)),
        config.integer("drift.embedding.window.size", perBlock),
        config.decimal("drift.threshold.embedding.centroid", 0.05),
        config.decimal("drift.threshold.mmd.pvalue", 0.05),
        config.integer("drift.embedding.permutations", 200),
        Arrays.stream(config.string("drift.exclude.features", "").split(","))
            .map(String::strip)
            .filter(f -> !f.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        positive(config, "drift.false.alarms.per.10k", 1.0),
        positive(config, "drift.sequential.shift", 0.25),
        WINDOW_RULE_KEYS.stream().anyMatch(key -> config.string(key, null) != null),
        config.integer("drift.reference.refresh.calls", 100_000),
        Duration.ofSeconds(config.integer("drift.key.idle.seconds", 600)),
        config.bool("drift.key.by.template", true),
        config.integer("drift.state.max.mb", 64) * 1024L * 1024L);
  }

  private static int atLeastOne(ProcessorConfig config, String key, int defaultValue) {
    int value = config.integer(key, defaultValue);
    if (value < 1) {
      throw new IllegalArgumentException(
          "configuration " + key + " must be at least 1, was " + value);
    }
    return value;
  }

  private static double positive(ProcessorConfig config, String key, double defaultValue) {
    double value = config.decimal(key, defaultValue);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "configuration " + key + " must be a positive number, was " + value);
    }
    return value;
  }
}
