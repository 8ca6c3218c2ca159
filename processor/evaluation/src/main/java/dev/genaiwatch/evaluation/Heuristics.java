package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cheap per-span checks. Each writes an attribute only when its input is on the span (e.g. no refusal
 * verdict when output content was not captured), so "false" always means "checked and fine".
 */
final class Heuristics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final double overlapThreshold;
  private final double similarityThreshold;
  private final TextEmbedder embedder;
  private final Runnable onEmbedderFailure;

  Heuristics(double overlapThreshold, double similarityThreshold, TextEmbedder embedder,
      Runnable onEmbedderFailure) {
    this.overlapThreshold = overlapThreshold;
    this.similarityThreshold = similarityThreshold;
    this.embedder = embedder;
    this.onEmbedderFailure = onEmbedderFailure;
  }

  /** Attributes to add to the span; an embedder failure drops only the similarity. */
  List<KeyValue> evaluate(GenAiSpanContent c) {
    List<KeyValue> out = new ArrayList<>(6);
    if (c.outputText != null) {
      out.add(KeyValues.bool(EvaluationAttributes.EMPTY_OUTPUT, c.outputText.isBlank() && !c.outputHasToolCalls));
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
      out.add(KeyValues.bool(EvaluationAttributes.REFUSAL, RefusalDetector.isRefusal(c.outputText)));
    }
    // Content cut by the capture size limit is not the model's fault: no JSON verdict on it.
    if ("json".equals(c.string(EvaluationAttributes.OUTPUT_TYPE)) && c.outputText != null
        && !c.flag(EvaluationAttributes.CONTENT_TRUNCATED)) {
      out.add(KeyValues.bool(EvaluationAttributes.INVALID_JSON, !isJson(c.outputText)));
    }
    if (c.isRag() && c.outputText != null && !c.outputText.isBlank()) {
      rag(c, out);
    }
    return out;
  }

  private void rag(GenAiSpanContent c, List<KeyValue> out) {
    Set<String> answer = ContentTerms.of(c.outputText);
    double overlap = ContentTerms.shareFoundIn(answer, ContentTerms.of(c.context()));
    out.add(KeyValues.dbl(EvaluationAttributes.RAG_CONTEXT_OVERLAP, overlap));
    Double similarity;
    try {
      similarity = similarity(c);
    } catch (RuntimeException e) {
      onEmbedderFailure.run();
      similarity = null;
    }
    if (similarity != null) {
      out.add(KeyValues.dbl(EvaluationAttributes.RAG_CONTEXT_SIMILARITY, similarity));
    }
    // Lexical overlap misses paraphrase; when an embedder is there, semantic closeness also counts as use.
    boolean unused = overlap < overlapThreshold && (similarity == null || similarity < similarityThreshold);
    out.add(KeyValues.bool(EvaluationAttributes.RAG_CONTEXT_UNUSED, unused));
  }

  /** Highest cosine between the answer and any one document; null without an embedder. */
  private Double similarity(GenAiSpanContent c) {
    if (embedder == null) {
      return null;
    }
    List<String> texts = new ArrayList<>(c.documents.size() + 1);
    texts.add(c.outputText);
    texts.addAll(c.documents);
    float[][] v = embedder.embed(texts);
    if (v == null || v.length != texts.size()) {
      throw new IllegalStateException("embedder returned " + (v == null ? "null" : v.length + " rows")
          + " for " + texts.size() + " texts");
    }
    double best = -1;
    for (int i = 1; i < v.length; i++) {
      best = Math.max(best, cosine(v[0], v[i]));
    }
    return best;
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
