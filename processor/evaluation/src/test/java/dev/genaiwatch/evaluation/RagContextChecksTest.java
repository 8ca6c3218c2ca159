package dev.genaiwatch.evaluation;

import static dev.genaiwatch.evaluation.GenAiSpanFixture.RESOURCE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.SCOPE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.attributes;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.chat;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.withDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The RAG context-use check through the evaluator's public enrich: it runs on its own worker and
 * reports on an {@code evaluate rag_context_use} span under the call. {@code close()} drains the
 * worker.
 */
class RagContextChecksTest {

  private static final String QUESTION = "How long is the X200 charger covered?";
  private static final String DOCUMENT =
      "X200 accessories, including the charger, are covered for 14 days from delivery.";

  private final ConcurrentLinkedQueue<ResourceSpans> emitted = new ConcurrentLinkedQueue<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private GenAiSpanEvaluator evaluator(TextEmbedder embedder, String... settings) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return new GenAiSpanEvaluator(
        EvaluationConfig.fromEnvironment(env, new Properties()), registry, emitted::add, embedder);
  }

  private static boolean contextUnused(Span span) {
    return attributes(span.getAttributesList())
        .get("genai_watch.eval.rag_context_unused")
        .getBoolValue();
  }

  private Span ragSpan() {
    List<Span> out = new ArrayList<>();
    emitted.forEach(rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList())));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getName()).isEqualTo("evaluate rag_context_use");
    return out.get(0);
  }

  private Map<String, AnyValue> check(String answer, String... documents) {
    try (GenAiSpanEvaluator evaluator = evaluator(null)) {
      evaluator.enrich(RESOURCE, SCOPE, withDocuments(chat(QUESTION, answer), documents));
    }
    return attributes(ragSpan().getAttributesList());
  }

  private double counter(String name, String check) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .filter(
            d ->
                check.equals(d.getLabels().get("check"))
                    || check.equals(d.getLabels().get("reason")))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  @Test
  void verdictArrivesOnAChildSpanOfTheCallWithAnEvaluationResult() {
    Span.Builder call =
        withDocuments(chat(QUESTION, "It is covered for 14 days from delivery."), DOCUMENT);
    try (GenAiSpanEvaluator evaluator = evaluator(null)) {
      evaluator.enrich(RESOURCE, SCOPE, call);
    }
    Span span = ragSpan();
    assertThat(span.getTraceId()).isEqualTo(call.getTraceId());
    assertThat(span.getParentSpanId()).isEqualTo(call.getSpanId());
    Map<String, AnyValue> result = attributes(span.getEvents(0).getAttributesList());
    assertThat(result.get("gen_ai.evaluation.name").getStringValue()).isEqualTo("rag_context_use");
    assertThat(result.get("gen_ai.evaluation.score.value").getDoubleValue()).isEqualTo(1.0);
    assertThat(result.get("gen_ai.evaluation.score.label").getStringValue()).isEqualTo("used");
    assertThat(contextUnused(span)).isFalse();
  }

  @Test
  void documentsPastedIntoTheUserMessageStillCountAsContext() {
    // LangChain4j's default injector appends the retrieved contents to the user message.
    String userMessage = QUESTION + "\n\nAnswer using the following information:\n" + DOCUMENT;
    try (GenAiSpanEvaluator evaluator = evaluator(null)) {
      evaluator.enrich(
          RESOURCE,
          SCOPE,
          withDocuments(
              chat(
                  userMessage,
                  "X200 accessories, including the charger, are covered from delivery."),
              DOCUMENT));
    }
    assertThat(contextUnused(ragSpan())).isFalse();
  }

  @Test
  void answerThatEchoesTheQuestionIsContextNotUsed() {
    Map<String, AnyValue> a =
        check(
            "How long the X200 charger is covered depends on the charger and the device.",
            DOCUMENT);
    assertThat(a.get("genai_watch.eval.rag_context_unused").getBoolValue()).isTrue();
    assertThat(a.get("genai_watch.rag.context_use").getDoubleValue()).isEqualTo(0.0);
  }

  @Test
  void differentNumberOfTheSameKindIsAContradiction() {
    Map<String, AnyValue> a =
        check("The X200 charger is covered for 90 days from delivery.", DOCUMENT);
    assertThat(a.get("genai_watch.rag.contradiction").getBoolValue()).isTrue();
    assertThat(a.get("genai_watch.eval.rag_context_unused").getBoolValue()).isTrue();
    assertThat(counter("genai_watch_eval_flagged", "rag_contradiction")).isEqualTo(1.0);
  }

  @Test
  void numberInWordsMatchesDigitsWithAUnit() {
    assertThat(
            check("Two weeks.", DOCUMENT).get("genai_watch.eval.rag_context_unused").getBoolValue())
        .isFalse();
  }

  @Test
  void veryShortChineseAnswerIsMatchedThroughItsQuantity() {
    try (GenAiSpanEvaluator evaluator = evaluator(null)) {
      evaluator.enrich(
          RESOURCE, SCOPE, withDocuments(chat("这个充电器保修多久？", "14天"), "X200配件（包括充电器）自签收之日起享受14天保修。"));
    }
    assertThat(contextUnused(ragSpan())).isFalse();
  }

  @Test
  void refusalThatSharesWordsWithTheDocumentIsContextNotUsed() {
    Map<String, AnyValue> a =
        check("I'm sorry, but I can't help with the X200 charger coverage.", DOCUMENT);
    assertThat(a.get("genai_watch.rag.non_answer").getBoolValue()).isTrue();
    assertThat(a.get("genai_watch.eval.rag_context_unused").getBoolValue()).isTrue();
    assertThat(counter("genai_watch_eval_checks", "rag_context_unused")).isEqualTo(1.0);
    assertThat(counter("genai_watch_eval_flagged", "rag_context_unused")).isEqualTo(1.0);
  }

  @Test
  void documentsBeyondTheCapAreNotRead() {
    String[] docs = new String[64];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = "Document " + i + ": " + DOCUMENT;
    }
    Map<String, AnyValue> a = check("It is covered for 14 days.", docs);
    assertThat(a.get("genai_watch.rag.documents_read").getIntValue()).isEqualTo(16);
    assertThat(a.get("genai_watch.rag.input_capped").getBoolValue()).isTrue();
  }

  @Test
  void failingEmbedderLeavesTheLexicalAndNumericVerdictAndIsCounted() {
    try (GenAiSpanEvaluator evaluator =
        evaluator(
            texts -> {
              throw new IllegalStateException("model not loaded");
            })) {
      evaluator.enrich(
          RESOURCE, SCOPE, withDocuments(chat(QUESTION, "Bananas are yellow."), DOCUMENT));
    }
    Map<String, AnyValue> a = attributes(ragSpan().getAttributesList());
    assertThat(a.get("genai_watch.rag.embedder_used").getBoolValue()).isFalse();
    assertThat(a.get("genai_watch.eval.rag_context_unused").getBoolValue()).isTrue();
    assertThat(counter("genai_watch_eval_failed", "embedder")).isEqualTo(1.0);
  }

  @Test
  void enrichReturnsWhileTheEmbedderIsStillWorking() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    TextEmbedder blocked = blockedUntil(entered, release);
    try (GenAiSpanEvaluator evaluator = evaluator(blocked)) {
      Span.Builder call = withDocuments(chat(QUESTION, "Bananas are yellow."), DOCUMENT);
      evaluator.enrich(RESOURCE, SCOPE, call); // returns although the embedder has not answered
      entered.await();
      assertThat(emitted).isEmpty();
      assertThat(attributes(call)).doesNotContainKey("genai_watch.eval.rag_context_unused");
      release.countDown();
    }
    assertThat(attributes(ragSpan().getAttributesList()))
        .containsKey("genai_watch.eval.rag_context_unused");
  }

  @Test
  void fullQueueDropsTheCheckAndCountsIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    TextEmbedder blocked = blockedUntil(entered, release);
    try (GenAiSpanEvaluator evaluator =
        evaluator(blocked, "GENAI_WATCH_EVAL_RAG_QUEUE_CAPACITY", "1")) {
      evaluator.enrich(
          RESOURCE, SCOPE, withDocuments(chat(QUESTION, "Bananas are yellow."), DOCUMENT));
      entered.await(); // the worker holds the first check
      evaluator.enrich(
          RESOURCE, SCOPE, withDocuments(chat(QUESTION, "Apples are red."), DOCUMENT)); // queued
      evaluator.enrich(
          RESOURCE, SCOPE, withDocuments(chat(QUESTION, "Plums are purple."), DOCUMENT)); // dropped
      release.countDown();
    }
    assertThat(counter("genai_watch_eval_failed", "queue_full")).isEqualTo(1.0);
    assertThat(emitted).hasSize(2);
  }

  /**
   * An embedder that signals {@code entered} and then waits for {@code release} before answering.
   */
  private static TextEmbedder blockedUntil(CountDownLatch entered, CountDownLatch release) {
    return texts -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return texts.stream().map(t -> new float[] {1f, 0f}).toArray(float[][]::new);
    };
  }
}
