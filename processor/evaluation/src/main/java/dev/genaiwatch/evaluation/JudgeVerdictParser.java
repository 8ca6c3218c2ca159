package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Strict reading of the judge's message content. Accepted: one JSON object (nothing before or after
 * it) with a finite number {@code score} within the rubric's range, a non-blank string {@code
 * label} (one of the rubric's labels when it lists them) and a string {@code explanation}; other
 * fields are ignored. Anything else is an {@link EvaluationFailure}: a judge that drifts from the
 * format must show up as failures, not as made-up scores.
 */
final class JudgeVerdictParser {
  private JudgeVerdictParser() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static JudgeVerdict parse(String content, Rubric rubric) throws EvaluationFailure {
    JsonNode root;
    try {
      root = content == null ? null : JSON.readTree(content);
    } catch (IOException e) {
      throw invalid("not JSON: " + abbreviate(content));
    }
    if (root == null || !root.isObject()) {
      throw invalid("not a JSON object: " + abbreviate(content));
    }
    JsonNode score = root.get("score");
    if (score == null || !score.isNumber() || !Double.isFinite(score.asDouble())) {
      throw invalid("'score' must be a number");
    }
    JsonNode label = root.get("label");
    if (label == null || !label.isTextual() || label.asText().isBlank()) {
      throw invalid("'label' must be a non-blank string");
    }
    JsonNode explanation = root.get("explanation");
    if (explanation == null || !explanation.isTextual()) {
      throw invalid("'explanation' must be a string");
    }
    double value = score.asDouble();
    if (value < rubric.minScore() || value > rubric.maxScore()) {
      throw new EvaluationFailure(
          EvaluationFailure.OUT_OF_RANGE,
          rubric.name()
              + " score "
              + value
              + " outside ["
              + rubric.minScore()
              + ", "
              + rubric.maxScore()
              + "]");
    }
    if (!rubric.labels().isEmpty() && !rubric.labels().contains(label.asText())) {
      throw invalid("label '" + label.asText() + "' is not one of " + rubric.labels());
    }
    return new JudgeVerdict(value, label.asText(), explanation.asText());
  }

  private static EvaluationFailure invalid(String message) {
    return new EvaluationFailure(EvaluationFailure.INVALID_VERDICT, message);
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
