package dev.genaiwatch.processor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.evaluation.EvaluationScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationSummaryTest {
  private static Map<String, Object> call(int second, Map<String, Object> attributes) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("service.name", "shop");
    call.put("startTimeUnixNano", (1_700_000_000L + second) * 1_000_000_000L);
    call.put("status", "STATUS_CODE_UNSET");
    call.put("attributes", attributes);
    return call;
  }

  @Test
  @SuppressWarnings("unchecked")
  void scoresAreCountedPerRubricInBinsFromZeroToTheLargestScore() {
    RecentScores scores = new RecentScores(3);
    for (double score : new double[] {9, 1, 5, 5}) {
      scores.accept(new EvaluationScore("shop", "m", "relevance", score));
    }

    Map<String, Object> relevance =
        (Map<String, Object>)
            ((Map<String, Object>) EvaluationSummary.of(scores.all(), List.of()).get("rubrics"))
                .get("relevance");

    // The oldest score (9) fell out of the three kept.
    assertThat(relevance.get("count")).isEqualTo(3);
    assertThat(relevance.get("mean")).isEqualTo(11 / 3.0);
    assertThat((double[]) relevance.get("edges")).startsWith(0.0).endsWith(5.0);
    assertThat((int[]) relevance.get("counts")).containsExactly(0, 0, 1, 0, 0, 0, 0, 0, 0, 2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void flagRatesAreTheShareOfCallsFlaggedAndOnlyTrueFlagsListACall() {
    List<Map<String, Object>> calls =
        List.of(
            call(0, Map.of("genai_watch.eval.truncated", true)),
            call(0, Map.of("genai_watch.eval.truncated", false)),
            call(1, Map.of("genai_watch.eval.truncated", false, "genai_watch.eval.refusal", false)),
            call(1, Map.of()));

    Map<String, Object> summary = EvaluationSummary.of(List.of(), calls);
    Map<String, Object> flags = (Map<String, Object>) summary.get("flags");

    assertThat((Map<String, Object>) flags.get("rates"))
        .containsEntry("truncated", List.of(0.5, 0.0))
        .containsEntry("refusal", List.of(0.0, 0.0));
    assertThat((Map<String, Object>) flags.get("totals")).containsEntry("truncated", 1);
    assertThat((List<Map<String, Object>>) summary.get("flagged"))
        .singleElement()
        .satisfies(c -> assertThat(c.get("flags")).isEqualTo(List.of("truncated")));
  }
}
