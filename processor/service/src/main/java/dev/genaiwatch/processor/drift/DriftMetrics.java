package dev.genaiwatch.processor.drift;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Function;

/**
 * {@code genai_watch_drift_score}, {@code genai_watch_drift_detected} and the evaluation counter,
 * per the contract.
 */
final class DriftMetrics {
  private static final String[] KEY_LABELS = {
    "service_name", "gen_ai_request_model", "gen_ai_operation_name", "genai_watch_prompt_template"
  };

  private final Gauge score;
  private final Gauge detected;
  private final Counter evaluations;
  private final Counter keysRefused;
  private final Counter evaluationsDeferred;
  private final Counter keysEvicted;
  private final Gauge learning;

  DriftMetrics(PrometheusRegistry registry) {
    score =
        Gauge.builder()
            .name("genai_watch_drift_score")
            .help(
                "Latest drift statistic of a feature between the reference and the current window")
            .labelNames(
                KEY_LABELS[0],
                KEY_LABELS[1],
                KEY_LABELS[2],
                KEY_LABELS[3],
                "genai_watch_drift_feature",
                "genai_watch_drift_method")
            .register(registry);
    detected =
        Gauge.builder()
            .name("genai_watch_drift_detected")
            .help(
                "1 while a drift alarm is active for the feature (after k consecutive drifting evaluations)")
            .labelNames(
                KEY_LABELS[0],
                KEY_LABELS[1],
                KEY_LABELS[2],
                KEY_LABELS[3],
                "genai_watch_drift_feature")
            .register(registry);
    evaluations =
        Counter.builder()
            .name("genai_watch_drift_evaluations")
            .help("Window comparisons run")
            .labelNames(KEY_LABELS)
            .register(registry);
    keysRefused =
        Counter.builder()
            .name("genai_watch_drift_keys_refused")
            .help("Calls not tracked for drift because drift.max.keys keys already exist")
            .register(registry);
    evaluationsDeferred =
        Counter.builder()
            .name("genai_watch_drift_evaluations_deferred")
            .help(
                "Due window comparisons not queued because the drift thread was behind; the next one covers their calls")
            .register(registry);
    keysEvicted =
        Counter.builder()
            .name("genai_watch_drift_keys_evicted")
            .help(
                "Idle drift keys forgotten (least recently seen first) to make room for new ones under drift.max.keys")
            .register(registry);
    learning =
        Gauge.builder()
            .name("genai_watch_drift_learning")
            .help(
                "1 while the key is still learning its reference (no alarms yet), 0 once it is watched")
            .labelNames(KEY_LABELS)
            .register(registry);
  }

  void learning(DriftKey key, boolean isLearning) {
    learning
        .labelValues(key.serviceName(), key.requestModel(), key.operationName(), key.template())
        .set(isLearning ? 1 : 0);
  }

  /**
   * Counts an evicted key and removes its series, so an evicted key leaves no stale gauges behind.
   */
  void keyEvicted(DriftKey key) {
    keysEvicted.inc();
    Function<List<String>, Boolean> ofKey =
        labels ->
            labels.size() >= 4
                && labels.get(0).equals(key.serviceName())
                && labels.get(1).equals(key.requestModel())
                && labels.get(2).equals(key.operationName())
                && labels.get(3).equals(key.template());
    score.removeIf(ofKey);
    detected.removeIf(ofKey);
    learning.removeIf(ofKey);
    evaluations.removeIf(ofKey);
  }

  void score(DriftKey key, String feature, String method, double value) {
    score
        .labelValues(
            key.serviceName(),
            key.requestModel(),
            key.operationName(),
            key.template(),
            feature,
            method)
        .set(value);
  }

  void detected(DriftKey key, String feature, boolean active) {
    detected
        .labelValues(
            key.serviceName(), key.requestModel(), key.operationName(), key.template(), feature)
        .set(active ? 1 : 0);
  }

  void evaluated(DriftKey key) {
    evaluations
        .labelValues(key.serviceName(), key.requestModel(), key.operationName(), key.template())
        .inc();
  }

  void evaluationDeferred() {
    evaluationsDeferred.inc();
  }

  void keyRefused() {
    keysRefused.inc();
  }
}
