package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output-quality drift: judge scores of one rubric are watched like any call feature, on their own
 * key.
 */
class JudgeScoreDriftTest {
  private static final String KEY = "shop|m|evaluation.relevance";

  private static DriftMonitor monitor(List<String> alarms) throws IOException {
    ProcessorConfig config =
        ProcessorConfig.load(null, Map.of())
            .with("drift.reference.size", "20")
            .with("drift.window.size", "20")
            .with("drift.evaluate.every.calls", "5")
            .with("drift.evaluate.every.seconds", "3600")
            .with("drift.consecutive", "2")
            .with("drift.embedding.enabled", "false");
    return new DriftMonitor(
        DriftSettings.from(config),
        new PrometheusRegistry(),
        null,
        logs -> alarms.add(logs.toString()),
        null);
  }

  private static Map<String, Object> keyState(DriftMonitor monitor) {
    return monitor.state().stream()
        .filter(k -> KEY.equals(k.get("id")))
        .findFirst()
        .orElse(Map.of());
  }

  @SuppressWarnings("unchecked")
  private static boolean judgeScoreDrifting(DriftMonitor monitor) {
    Map<String, Object> features =
        (Map<String, Object>) keyState(monitor).getOrDefault("features", Map.of());
    Map<String, Object> feature =
        (Map<String, Object>) features.getOrDefault("judge_score", Map.of());
    return Boolean.TRUE.equals(feature.get("drifting"));
  }

  private static void awaitEvaluations(DriftMonitor monitor, long evaluations)
      throws InterruptedException {
    for (int i = 0;
        i < 100
            && ((Number) keyState(monitor).getOrDefault("evaluations", 0L)).longValue()
                < evaluations;
        i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void aDropInJudgeScoresRaisesAJudgeScoreAlarmOnTheRubricsKeyAndNotBefore() throws Exception {
    List<String> alarms = new ArrayList<>();
    try (DriftMonitor monitor = monitor(alarms)) {
      for (int i = 0; i < 40; i++) {
        monitor.observeJudgeScore("shop", "m", "relevance", 4 + i % 2);
      }
      awaitEvaluations(monitor, 4);
      assertThat(judgeScoreDrifting(monitor)).as("steady scores").isFalse();

      for (int i = 0; i < 40; i++) {
        monitor.observeJudgeScore("shop", "m", "relevance", 1 + i % 2);
      }
      awaitEvaluations(monitor, 12);

      assertThat(judgeScoreDrifting(monitor)).as(keyState(monitor).toString()).isTrue();
      assertThat(keyState(monitor).get("calls")).isEqualTo(80L);
    }
  }
}
