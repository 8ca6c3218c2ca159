package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** At {@code drift.max.keys}, a new key takes the place of the least recently seen idle one. */
class KeyEvictionTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private DriftMonitor monitor(String idleSeconds) throws Exception {
    ProcessorConfig config =
        ProcessorConfig.load(null, Map.of())
            .with("drift.max.keys", "2")
            .with("drift.key.idle.seconds", idleSeconds)
            .with("drift.embedding.enabled", "false");
    return new DriftMonitor(DriftSettings.from(config), registry, null, logs -> {}, null);
  }

  private double evicted() {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("genai_watch_drift_keys_evicted"))
        .findFirst()
        .map(
            m ->
                ((io.prometheus.metrics.model.snapshots.CounterSnapshot) m)
                    .getDataPoints()
                    .get(0)
                    .getValue())
        .orElse(0.0);
  }

  private boolean learningSeriesOf(String service) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("genai_watch_drift_learning"))
        .flatMap(m -> m.getDataPoints().stream())
        .anyMatch(p -> service.equals(p.getLabels().get("service_name")));
  }

  private static List<Object> ids(DriftMonitor monitor) {
    return monitor.state().stream().map(k -> k.get("id")).toList();
  }

  @Test
  void aNewKeyEvictsTheLeastRecentlySeenIdleKey() throws Exception {
    try (DriftMonitor monitor = monitor("0")) {
      monitor.observeJudgeScore("a", "m", "r", 1);
      monitor.observeJudgeScore("b", "m", "r", 1);
      monitor.observeJudgeScore("a", "m", "r", 1);
      assertThat(learningSeriesOf("b")).isTrue();
      monitor.observeJudgeScore("c", "m", "r", 1);
      assertThat(ids(monitor)).containsExactlyInAnyOrder("a|m|evaluation.r", "c|m|evaluation.r");
      assertThat(evicted()).isEqualTo(1);
      assertThat(learningSeriesOf("b")).isFalse();
    }
  }

  @Test
  void keysThatAreNotIdleAreNeverEvictedAndTheNewKeyIsRefused() throws Exception {
    try (DriftMonitor monitor = monitor("3600")) {
      monitor.observeJudgeScore("a", "m", "r", 1);
      monitor.observeJudgeScore("b", "m", "r", 1);
      monitor.observeJudgeScore("c", "m", "r", 1);
      assertThat(ids(monitor)).containsExactlyInAnyOrder("a|m|evaluation.r", "b|m|evaluation.r");
      assertThat(evicted()).isZero();
    }
  }
}
