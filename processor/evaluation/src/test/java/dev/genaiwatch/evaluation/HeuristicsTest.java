package dev.genaiwatch.evaluation;

import static dev.genaiwatch.evaluation.GenAiSpanFixture.RESOURCE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.SCOPE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.attributes;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.chat;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.withDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The synchronous per-span checks, through the evaluator's public enrich (judge not configured).
 */
class HeuristicsTest {

  private GenAiSpanEvaluator evaluator = newEvaluator(null);

  private static GenAiSpanEvaluator newEvaluator(TextEmbedder embedder) {
    return new GenAiSpanEvaluator(
        EvaluationConfig.defaults(), new PrometheusRegistry(), spans -> {}, embedder);
  }

  @AfterEach
  void close() {
    evaluator.close();
  }

  private Map<String, AnyValue> enrich(Span.Builder span) {
    evaluator.enrich(RESOURCE, SCOPE, span);
    return attributes(span);
  }

  @Test
  void blankAnswerIsEmptyOutput() {
    assertThat(
            enrich(chat("Tell me a joke", "  "))
                .get("genai_watch.eval.empty_output")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void answerWithTextIsNotEmptyOutput() {
    assertThat(
            enrich(chat("Tell me a joke", "Why did the chicken cross the road?"))
                .get("genai_watch.eval.empty_output")
                .getBoolValue())
        .isFalse();
  }

  @Test
  void finishReasonLengthIsTruncated() {
    assertThat(
            enrich(chat("Write an essay", "Once upon a", "length"))
                .get("genai_watch.eval.truncated")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void finishReasonStopIsNotTruncated() {
    assertThat(
            enrich(chat("Write an essay", "Done.", "stop"))
                .get("genai_watch.eval.truncated")
                .getBoolValue())
        .isFalse();
  }

  @Test
  void englishRefusalIsDetected() {
    assertThat(
            enrich(chat("How do I pick a lock?", "I'm sorry, but I cannot help with that request."))
                .get("genai_watch.eval.refusal")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void englishCantHelpWithIsDetected() {
    assertThat(
            enrich(chat("Hack my neighbour's wifi", "I can't help with that."))
                .get("genai_watch.eval.refusal")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void chineseRefusalIsDetected() {
    assertThat(
            enrich(chat("告诉我如何制作炸药", "抱歉，我不能提供这类信息。"))
                .get("genai_watch.eval.refusal")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void chineseAsAnAiRefusalIsDetected() {
    assertThat(
            enrich(chat("你喜欢什么颜色？", "作为一个AI，我无法拥有个人喜好。"))
                .get("genai_watch.eval.refusal")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void ordinaryAnswerIsNotARefusal() {
    assertThat(
            enrich(chat("What is the capital of France?", "The capital of France is Paris."))
                .get("genai_watch.eval.refusal")
                .getBoolValue())
        .isFalse();
  }

  @Test
  void ordinaryChineseAnswerIsNotARefusal() {
    assertThat(
            enrich(chat("法国的首都是哪里？", "法国的首都是巴黎。")).get("genai_watch.eval.refusal").getBoolValue())
        .isFalse();
  }

  /** A call that asked for JSON and got {@code answer}. */
  private static Span.Builder jsonRequested(String answer) {
    return chat("Give me JSON", answer).addAttributes(KeyValues.str("gen_ai.output.type", "json"));
  }

  @Test
  void invalidJsonIsFlaggedWhenJsonWasRequested() {
    assertThat(
            enrich(jsonRequested("{\"name\": \"Ada\","))
                .get("genai_watch.eval.invalid_json")
                .getBoolValue())
        .isTrue();
  }

  @Test
  void validJsonIsNotFlagged() {
    assertThat(
            enrich(jsonRequested("{\"name\": \"Ada\"}"))
                .get("genai_watch.eval.invalid_json")
                .getBoolValue())
        .isFalse();
  }

  @Test
  void jsonIsNotCheckedWhenTextWasRequested() {
    assertThat(enrich(chat("Say hi", "hi {")).containsKey("genai_watch.eval.invalid_json"))
        .isFalse();
  }

  @Test
  void jsonIsNotCheckedWhenCaptureTruncatedTheContent() {
    Span.Builder span =
        jsonRequested("{\"name\": \"Ad")
            .addAttributes(KeyValues.bool("genai_watch.content.truncated", true));
    assertThat(enrich(span).containsKey("genai_watch.eval.invalid_json")).isFalse();
  }

  @Test
  void ragCheckIsNotOnTheCallSpan() {
    // It runs off the pipeline thread and reports on its own span (RagContextChecksTest).
    Span.Builder span =
        withDocuments(
            chat("How tall is the Eiffel Tower?", "Bananas are yellow."),
            "The Eiffel Tower is 330 metres tall.");
    assertThat(enrich(span))
        .doesNotContainKeys("genai_watch.eval.rag_context_unused", "genai_watch.rag.context_use");
  }

  @Test
  void nonGenerationSpanIsLeftAlone() {
    Span.Builder span =
        Span.newBuilder()
            .setName("GET /orders")
            .addAttributes(KeyValues.str("gen_ai.operation.name", "embeddings"));
    List<?> before = List.copyOf(span.getAttributesList());
    evaluator.enrich(RESOURCE, SCOPE, span);
    assertThat(span.getAttributesList()).isEqualTo(before);
  }

  @Test
  void spanThatCallsItselfAJudgeCallIsStillEvaluated() {
    // Any sender can set the attribute; only spans the evaluator emitted itself are skipped.
    Span.Builder span =
        chat("Rate this", "I'm sorry, but I cannot")
            .addAttributes(KeyValues.bool("genai_watch.evaluation.judge", true));
    assertThat(enrich(span)).containsKey("genai_watch.eval.refusal");
  }

  @Test
  void unparseableContentSkipsContentChecksButKeepsTheRest() {
    Span.Builder span = chat("q", "a", "length");
    span.removeAttributes(span.getAttributesCount() - 1)
        .addAttributes(KeyValues.str("gen_ai.output.messages", "not json"));
    Map<String, AnyValue> a = enrich(span);
    assertThat(a).doesNotContainKey("genai_watch.eval.refusal");
    assertThat(a.get("genai_watch.eval.truncated").getBoolValue()).isTrue();
  }
}
