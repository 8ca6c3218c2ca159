package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JudgeVerdictParserTest {

  private static final Rubric RELEVANCE = Rubric.builtIn("relevance", "prompt");
  private static final Rubric HALLUCINATION = Rubric.builtIn("hallucination", "prompt");

  private static EvaluationFailure failure(String content, Rubric rubric) {
    try {
      JudgeVerdictParser.parse(content, rubric);
    } catch (EvaluationFailure f) {
      return f;
    }
    throw new AssertionError("accepted: " + content);
  }

  @Test
  void validVerdictIsAccepted() throws Exception {
    JudgeVerdict v =
        JudgeVerdictParser.parse(
            "{\"score\": 4, \"label\": \"relevant\", \"explanation\": \"answers the question\"}",
            RELEVANCE);
    assertThat(v).isEqualTo(new JudgeVerdict(4.0, "relevant", "answers the question"));
  }

  @Test
  void fractionalScoreWithinRangeIsAccepted() throws Exception {
    assertThat(
            JudgeVerdictParser.parse(
                    "{\"score\":0.25,\"label\":\"no\",\"explanation\":\"\"}", HALLUCINATION)
                .score())
        .isEqualTo(0.25);
  }

  @Test
  void scoreAboveRangeIsAnError() {
    assertThat(
            failure("{\"score\": 6, \"label\": \"relevant\", \"explanation\": \"x\"}", RELEVANCE)
                .reason)
        .isEqualTo("score_out_of_range");
  }

  @Test
  void negativeScoreIsAnError() {
    assertThat(
            failure("{\"score\": -1, \"label\": \"relevant\", \"explanation\": \"x\"}", RELEVANCE)
                .reason)
        .isEqualTo("score_out_of_range");
  }

  @Test
  void proseIsAnError() {
    assertThat(failure("I would rate this a 4 out of 5.", RELEVANCE).reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void jsonFollowedByProseIsAnError() {
    assertThat(
            failure(
                    "{\"score\":4,\"label\":\"relevant\",\"explanation\":\"x\"} Hope this helps!",
                    RELEVANCE)
                .reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void jsonArrayIsAnError() {
    assertThat(failure("[4, \"relevant\"]", RELEVANCE).reason).isEqualTo("invalid_verdict");
  }

  @Test
  void missingScoreIsAnError() {
    assertThat(failure("{\"label\": \"relevant\", \"explanation\": \"x\"}", RELEVANCE).reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void missingLabelIsAnError() {
    assertThat(failure("{\"score\": 3, \"explanation\": \"x\"}", RELEVANCE).reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void missingExplanationIsAnError() {
    assertThat(failure("{\"score\": 3, \"label\": \"relevant\"}", RELEVANCE).reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void scoreAsStringIsAnError() {
    assertThat(
            failure(
                    "{\"score\": \"3\", \"label\": \"relevant\", \"explanation\": \"x\"}",
                    RELEVANCE)
                .reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void labelOutsideTheRubricsLabelsIsAnError() {
    assertThat(
            failure("{\"score\": 0.2, \"label\": \"maybe\", \"explanation\": \"x\"}", HALLUCINATION)
                .reason)
        .isEqualTo("invalid_verdict");
  }

  @Test
  void unknownRubricNameFailsAtConfiguration() {
    assertThatThrownBy(() -> Rubric.builtIn("toxicity", "p"))
        .hasMessageContaining("unknown rubric 'toxicity'");
  }
}
