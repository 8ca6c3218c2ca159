package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-ready view of one drift key that {@code GET /api/drift} answers and the HTML report
 * embeds: status, windows, per-feature scores and alarms, plus what the page charts (reference and
 * current distributions, each feature's headline statistic over time with its threshold, alarm
 * starts and ends).
 */
final class DriftView {
  /** The statistic a feature's alarm is decided on, and the value at which it alarms. */
  record Statistic(String name, double threshold) {}

  private DriftView() {}

  static Statistic headline(String feature, DriftSettings settings) {
    if (feature.endsWith("_embedding")) {
      return new Statistic("embedding_centroid", settings.centroidThreshold());
    }
    if (!settings.windowRule()) {
      // The sequential detectors' CUSUM as a share of its threshold: an alarm starts at 1.
      return new Statistic("cusum", 1.0);
    }
    for (CategoricalFeature categorical : CategoricalFeature.values()) {
      if (categorical.featureName().equals(feature)) {
        return new Statistic("js", settings.jsThreshold());
      }
    }
    return new Statistic("psi", settings.psiThreshold());
  }

  /** Called under the key's monitor. */
  static Map<String, Object> of(KeyState state, DriftSettings settings) {
    Map<String, Object> json = state.key.toJson();
    json.put("calls", state.calls);
    boolean learning = state.reference == null;
    boolean drifting = state.alarms.values().stream().anyMatch(a -> a.active);
    json.put("status", learning ? "learning" : drifting ? "drifting" : "watching");
    json.put("referenceSize", state.reference == null ? 0 : state.reference.calls);
    if (learning) {
      json.put("learning", Map.of("calls", state.learnt(), "of", settings.referenceSize()));
    }
    json.put("currentSize", state.current.size());
    json.put("pinned", state.pinned);
    json.put("evaluations", state.evaluations);
    json.put("detector", settings.windowRule() ? "window" : "sequential");
    json.put("falseAlarmsPer10k", settings.windowRule() ? null : settings.falseAlarmsPer10k());
    Map<String, Object> embeddings = new LinkedHashMap<>();
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      embeddings.put(
          feature.featureName(),
          Map.of(
              "referenceSize", state.embeddingReference.get(feature).size(),
              "currentSize", state.embeddingCurrent.get(feature).size()));
    }
    json.put("embeddings", embeddings);
    Map<String, Object> features = new LinkedHashMap<>();
    state.lastScores.forEach(
        (feature, scores) -> {
          FeatureAlarm alarm = state.alarms.get(feature);
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("group", FeatureWatch.groupOf(feature));
          f.put("scores", scores);
          f.put("drifting", alarm != null && alarm.active);
          f.put("startedAtCall", alarm != null && alarm.active ? alarm.startedAtCall : null);
          f.put("effect", alarm != null ? alarm.effect : null);
          f.put("server", alarm != null && alarm.active ? alarm.server : null);
          Statistic statistic = headline(feature, settings);
          f.put(
              "history",
              Map.of(
                  "statistic", statistic.name(),
                  "threshold", statistic.threshold(),
                  "points", state.history.series(feature)));
          features.put(feature, f);
        });
    json.put("features", features);
    json.put("drifting", drifting);
    json.put("distributions", DriftDistributions.of(state));
    json.put("alarmHistory", state.history.alarms());
    return json;
  }

  /** Every key of {@code states}, each read under its own monitor. */
  static List<Map<String, Object>> of(Iterable<KeyState> states, DriftSettings settings) {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (KeyState state : states) {
      synchronized (state) {
        keys.add(of(state, settings));
      }
    }
    return keys;
  }
}
