package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cheap per-span checks. Each writes an attribute only when its input is on the span (e.g. no
 * refusal verdict when output content was not captured), so "false" always means "checked and
 * fine".
 */
final class Heuristics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Heuristics() {}

  /**
   * Attributes to add to the span. The RAG context-use check is not here: it reads documents and
   * runs an embedder, so it runs off the pipeline thread ({@link RagContextChecks}).
   */
  static List<KeyValue> evaluate(GenAiSpanContent c) {
    List<KeyValue> out = new ArrayList<>(6);
    if (c.outputText != null) {
      out.add(
          KeyValues.bool(
              EvaluationAttributes.EMPTY_OUTPUT, c.outputText.isBlank() && !c.outputHasToolCalls));
    } else {
      Long outputTokens = c.longValue(EvaluationAttributes.OUTPUT_TOKENS);
      if (outputTokens != null) {
        out.add(KeyValues.bool(EvaluationAttributes.EMPTY_OUTPUT, outputTokens == 0));
      }
    }
    if (!c.finishReasons.isEmpty()) {
      out.add(KeyValues.bool(EvaluationAttributes.TRUNCATED, c.finishReasons.contains("length")));
    }
    if (c.outputText != null) {
      out.add(
          KeyValues.bool(EvaluationAttributes.REFUSAL, RefusalDetector.isRefusal(c.outputText)));
    }
    // Content cut by the capture size limit is not the model's fault: no JSON verdict on it.
    if ("json".equals(c.string(EvaluationAttributes.OUTPUT_TYPE))
        && c.outputText != null
        && !c.flag(EvaluationAttributes.CONTENT_TRUNCATED)) {
      out.add(KeyValues.bool(EvaluationAttributes.INVALID_JSON, !isJson(c.outputText)));
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Exactly one JSON value and nothing after it. */
  static boolean isJson(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
