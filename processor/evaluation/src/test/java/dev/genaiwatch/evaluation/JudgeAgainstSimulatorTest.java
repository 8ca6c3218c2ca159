package dev.genaiwatch.evaluation;

import static dev.genaiwatch.evaluation.GenAiSpanFixture.RESOURCE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.SCOPE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.attributes;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.chat;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.withDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.genaiwatch.simulator.Fault;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The judge path end to end against the real simulated OpenAI-compatible server playing the judge
 * (its verdicts are a documented function of the judged text, see the testapp's JudgeResponder).
 * Results are awaited by {@code close()}, which drains the judge queue: no sleeps, no timing
 * asserts.
 */
class JudgeAgainstSimulatorTest extends AgainstSimulatedJudge {

  private static final String QUESTION = "What is the capital city of France?";
  // Question terms {capital, city, france}; answer terms {paris, capital, city, france}.
  private static final String ANSWER = "Paris is the capital city of France.";
  private static final String RAG_QUESTION = "How tall is the Eiffel Tower?";
  private static final String DOCUMENT = "The Eiffel Tower is 330 metres tall and stands in Paris.";
  private static final String USED_ANSWER = "The Eiffel Tower is 330 metres tall.";
  private static final String IGNORED_ANSWER = "Bananas are yellow fruit rich in potassium.";

  private final ConcurrentLinkedQueue<ResourceSpans> emitted = new ConcurrentLinkedQueue<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private GenAiSpanEvaluator evaluator(String baseUrl, String... settings) {
    return evaluator(registry, baseUrl, settings);
  }

  private GenAiSpanEvaluator evaluator(
      PrometheusRegistry registry, String baseUrl, String... settings) {
    Map<String, String> env = judgeEnvironment(baseUrl);
    env.put("GENAI_WATCH_EVAL_JUDGE_MODEL", "judge-model");
    env.put("GENAI_WATCH_EVAL_RETRY_BACKOFF_MS", "1");
    env.putAll(judgeEnvironment(baseUrl, settings)); // the test's settings win
    return new GenAiSpanEvaluator(
        EvaluationConfig.fromEnvironment(env, new Properties()), registry, emitted::add, null);
  }

  /** Judges {@code answer} to {@link #QUESTION} on relevance alone and drains the judge queue. */
  private void judgeRelevanceOf(String answer, String... settings) {
    GenAiSpanEvaluator evaluator = relevanceEvaluator(settings);
    enrich(evaluator, chat(QUESTION, answer));
    evaluator.close();
  }

  private GenAiSpanEvaluator relevanceEvaluator(String... settings) {
    String[] all = Arrays.copyOf(settings, settings.length + 2);
    all[settings.length] = "GENAI_WATCH_EVAL_RUBRICS";
    all[settings.length + 1] = "relevance";
    return evaluator(sim.baseUrl(), all);
  }

  /** The evaluations, by every rubric, of {@code answer} to the RAG question with its document. */
  private List<Span> judgeRagAnswer(String answer) {
    GenAiSpanEvaluator evaluator = evaluator(sim.baseUrl());
    enrich(evaluator, withDocuments(chat(RAG_QUESTION, answer), DOCUMENT));
    evaluator.close();
    return evaluateSpans();
  }

  /** The one relevance evaluation failed with {@code errorType}, and was counted so. */
  private void assertRelevanceFailed(String errorType) {
    Span e = byName(evaluateSpans(), "evaluate relevance");
    assertThat(e.getEventsList()).isEmpty();
    assertThat(attributes(e.getAttributesList()).get("error.type").getStringValue())
        .isEqualTo(errorType);
    assertThat(counter("genai_watch_eval_failed", "reason", errorType)).isEqualTo(1.0);
  }

  private List<Span> spans(Resource expectedResource) {
    List<Span> out = new ArrayList<>();
    for (ResourceSpans rs : emitted) {
      assertThat(rs.getResource()).isEqualTo(expectedResource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        out.addAll(ss.getSpansList());
      }
    }
    return out;
  }

  private List<Span> evaluateSpans() {
    return spans(evaluatorResource()).stream()
        .filter(s -> s.getName().startsWith("evaluate "))
        .toList();
  }

  private List<Span> judgeSpans() {
    return spans(evaluatorResource()).stream()
        .filter(s -> s.getName().startsWith("chat "))
        .toList();
  }

  private static Resource evaluatorResource() {
    return Resource.newBuilder()
        .addAttributes(KeyValues.str("service.name", "genai-watch-evaluator"))
        .build();
  }

  private static Map<String, AnyValue> result(Span evaluate) {
    assertThat(evaluate.getEventsList()).hasSize(1);
    assertThat(evaluate.getEvents(0).getName()).isEqualTo("gen_ai.evaluation.result");
    return attributes(evaluate.getEvents(0).getAttributesList());
  }

  private static double score(List<Span> evaluations, String rubric) {
    return result(byName(evaluations, "evaluate " + rubric))
        .get("gen_ai.evaluation.score.value")
        .getDoubleValue();
  }

  private static String label(List<Span> evaluations, String rubric) {
    return result(byName(evaluations, "evaluate " + rubric))
        .get("gen_ai.evaluation.score.label")
        .getStringValue();
  }

  private static boolean ragContextUnused(List<Span> evaluations) {
    return attributes(byName(evaluations, "evaluate rag_context_use").getAttributesList())
        .get("genai_watch.eval.rag_context_unused")
        .getBoolValue();
  }

  private static Span byName(List<Span> spans, String name) {
    List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private double counter(String name, String label, String value) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .filter(d -> label == null || value.equals(d.getLabels().get(label)))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  private Span.Builder enrich(GenAiSpanEvaluator evaluator, Span.Builder span) {
    evaluator.enrich(RESOURCE, SCOPE, span);
    return span;
  }

  @Test
  void sampledTracesAndOnlyThoseGetEvaluationsWithTheJudgesExactScores() {
    ConcurrentLinkedQueue<EvaluationScore> received = new ConcurrentLinkedQueue<>();
    GenAiSpanEvaluator evaluator =
        evaluator(
            sim.baseUrl(),
            "GENAI_WATCH_EVAL_SAMPLE_RATE",
            "0.5",
            "GENAI_WATCH_EVAL_CACHE_SIZE",
            "0");
    evaluator.setScoreListener(received::add);
    List<Span.Builder> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(enrich(evaluator, chat(QUESTION, ANSWER)));
    }
    evaluator.close();

    Set<ByteString> sampled =
        calls.stream()
            .filter(c -> TraceSampler.point(c.getTraceId().toByteArray()) < 0.5)
            .map(Span.Builder::getSpanId)
            .collect(Collectors.toSet());
    assertThat(sampled).isNotEmpty().hasSizeLessThan(12);
    List<Span> evaluations = evaluateSpans();
    assertThat(evaluations).hasSize(2 * sampled.size());
    assertThat(evaluations.stream().map(Span::getParentSpanId).collect(Collectors.toSet()))
        .isEqualTo(sampled);
    for (Span.Builder call : calls) {
      List<Span> mine =
          evaluations.stream().filter(e -> e.getParentSpanId().equals(call.getSpanId())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      Span relevance = byName(mine, "evaluate relevance");
      for (Span e : mine) {
        assertThat(e.getTraceId()).isEqualTo(call.getTraceId());
        assertThat(e.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(result(e).get("gen_ai.response.id"))
            .isEqualTo(attributes(call).get("gen_ai.response.id"));
      }
      assertThat(result(relevance).get("gen_ai.evaluation.name").getStringValue())
          .isEqualTo("relevance");
      assertThat(score(mine, "relevance")).isEqualTo(5.0);
      assertThat(label(mine, "relevance")).isEqualTo("relevant");
      assertThat(result(relevance).get("gen_ai.evaluation.explanation").getStringValue())
          .isEqualTo("3 of 3 question terms are addressed by the answer");
      assertThat(score(mine, "hallucination")).isEqualTo(0.25);
      assertThat(label(mine, "hallucination")).isEqualTo("no");
    }
    // Each evaluation has the judge's own chat span under it, marked so it is never evaluated
    // itself.
    List<Span> judges = judgeSpans();
    assertThat(judges).hasSize(evaluations.size());
    for (Span judge : judges) {
      Span parent =
          evaluations.stream()
              .filter(e -> e.getSpanId().equals(judge.getParentSpanId()))
              .findFirst()
              .orElseThrow();
      assertThat(judge.getTraceId()).isEqualTo(parent.getTraceId());
      assertThat(judge.getName()).isEqualTo("chat judge-model");
      assertThat(judge.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      Map<String, AnyValue> a = attributes(judge.getAttributesList());
      assertThat(a.get("genai_watch.evaluation.judge").getBoolValue()).isTrue();
      assertThat(a.get("gen_ai.usage.input_tokens").getIntValue()).isPositive();
      assertThat(a.get("gen_ai.usage.output_tokens").getIntValue()).isPositive();
      assertThat(a.get("gen_ai.response.id").getStringValue()).startsWith("chatcmpl-");
      assertThat(a.get("server.port").getIntValue()).isEqualTo(sim.port());
      assertThat(judge.getEndTimeUnixNano()).isGreaterThanOrEqualTo(judge.getStartTimeUnixNano());
    }
    assertThat(counter("genai_watch_eval_done", null, null)).isEqualTo(2.0 * sampled.size());
    assertThat(counter("genai_watch_eval_skipped_sampling", null, null))
        .isEqualTo(12.0 - sampled.size());
    assertThat(received)
        .hasSize(2 * sampled.size())
        .contains(new EvaluationScore("shop-assistant", GenAiSpanFixture.MODEL, "relevance", 5.0));
  }

  @Test
  void ragAnswerThatIgnoresItsContextIsFlaggedAndJudgedUngrounded() {
    List<Span> evaluations = judgeRagAnswer(IGNORED_ANSWER);
    assertThat(evaluations).hasSize(4);
    assertThat(ragContextUnused(evaluations)).isTrue();
    assertThat(score(evaluations, "groundedness")).isEqualTo(0.0);
    assertThat(label(evaluations, "groundedness")).isEqualTo("ungrounded");
    assertThat(score(evaluations, "hallucination")).isEqualTo(1.0);
    assertThat(label(evaluations, "hallucination")).isEqualTo("yes");
    assertThat(score(evaluations, "relevance")).isEqualTo(0.0);
  }

  @Test
  void ragAnswerThatUsesItsContextIsNotFlaggedAndJudgedGrounded() {
    List<Span> evaluations = judgeRagAnswer(USED_ANSWER);
    assertThat(ragContextUnused(evaluations)).isFalse();
    assertThat(score(evaluations, "groundedness")).isEqualTo(5.0);
    assertThat(label(evaluations, "groundedness")).isEqualTo("grounded");
    assertThat(score(evaluations, "hallucination")).isEqualTo(0.0);
    assertThat(label(evaluations, "hallucination")).isEqualTo("no");
  }

  @Test
  void judgeOutageBecomesCountedFailuresAndEverySpanIsStillEnriched() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    GenAiSpanEvaluator evaluator =
        evaluator("http://127.0.0.1:" + closedPort + "/v1", "GENAI_WATCH_EVAL_RETRIES", "1");
    List<Span.Builder> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(enrich(evaluator, chat(QUESTION, ANSWER)));
    }
    // enrich has returned for every span, each with its heuristics, whatever the judge does.
    for (Span.Builder call : calls) {
      assertThat(attributes(call).get("genai_watch.eval.refusal").getBoolValue()).isFalse();
    }
    evaluator.close();

    assertThat(counter("genai_watch_eval_failed", "reason", "connection")).isEqualTo(20.0);
    assertThat(counter("genai_watch_eval_done", null, null)).isZero();
    List<Span> evaluations = evaluateSpans();
    assertThat(evaluations)
        .hasSize(20)
        .allSatisfy(
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
              assertThat(e.getEventsList()).isEmpty();
              assertThat(attributes(e.getAttributesList()).get("error.type").getStringValue())
                  .isEqualTo("connection");
            });
    assertThat(judgeSpans())
        .hasSize(20)
        .allSatisfy(
            j ->
                assertThat(
                        attributes(j.getAttributesList())
                            .get("genai_watch.evaluation.attempts")
                            .getIntValue())
                    .isEqualTo(2));
  }

  @Test
  void garbageVerdictIsAnEvaluationErrorNotAScore() {
    judgeRelevanceOf(ANSWER + " [sim-judge:garbage]");

    assertRelevanceFailed("invalid_verdict");
    assertThat(byName(evaluateSpans(), "evaluate relevance").getStatus().getCode())
        .isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(counter("genai_watch_eval_done", null, null)).isZero();
  }

  @Test
  void outOfRangeVerdictIsAnEvaluationErrorNotAScore() {
    judgeRelevanceOf(ANSWER + " [sim-judge:out-of-range]");

    assertRelevanceFailed("score_out_of_range");
  }

  @Test
  void verdictWithMissingFieldsIsAnEvaluationError() {
    judgeRelevanceOf(ANSWER + " [sim-judge:missing-fields]");

    assertThat(counter("genai_watch_eval_failed", "reason", "invalid_verdict")).isEqualTo(1.0);
  }

  @Test
  void judgeSlowerThanTheTimeoutIsCountedAsTimeout() {
    judgeRelevanceOf(
        ANSWER + " [sim-judge:slow:3000]",
        "GENAI_WATCH_EVAL_TIMEOUT_MS",
        "200",
        "GENAI_WATCH_EVAL_RETRIES",
        "0");

    assertThat(counter("genai_watch_eval_failed", "reason", "timeout")).isEqualTo(1.0);
  }

  @Test
  void rateLimitedAnswerFromTheJudgeIsRetried() {
    sim.enqueueFaults(Fault.RATE_LIMIT_429);
    judgeRelevanceOf(ANSWER);

    assertThat(score(evaluateSpans(), "relevance")).isEqualTo(5.0);
    assertThat(
            attributes(judgeSpans().get(0).getAttributesList())
                .get("genai_watch.evaluation.attempts")
                .getIntValue())
        .isEqualTo(2);
  }

  @Test
  void repeatedContentIsJudgedOnceAndThenServedFromTheCache() {
    GenAiSpanEvaluator evaluator = evaluator(sim.baseUrl(), "GENAI_WATCH_EVAL_CONCURRENCY", "1");
    enrich(evaluator, chat(QUESTION, ANSWER));
    enrich(evaluator, chat(QUESTION, ANSWER));
    evaluator.close();

    assertThat(sim.served()).hasSize(2); // relevance + hallucination, once
    assertThat(counter("genai_watch_eval_cache_hits", null, null)).isEqualTo(2.0);
    List<Span> evaluations = evaluateSpans();
    assertThat(evaluations).hasSize(4);
    assertThat(
            evaluations.stream()
                .filter(
                    e ->
                        attributes(e.getAttributesList())
                            .containsKey("genai_watch.evaluation.cached")))
        .hasSize(2);
    assertThat(evaluations).allSatisfy(e -> assertThat(e.getEventsList()).hasSize(1));
    assertThat(judgeSpans()).hasSize(2);
  }

  @Test
  void spansOverTheKeysRateLimitAreCountedAndNotJudged() {
    GenAiSpanEvaluator evaluator = relevanceEvaluator("GENAI_WATCH_EVAL_RATE_LIMIT", "2");
    for (int i = 0; i < 5; i++) {
      enrich(evaluator, chat(QUESTION, ANSWER));
    }
    evaluator.close();

    assertThat(counter("genai_watch_eval_rate_limited", null, null)).isEqualTo(3.0);
    assertThat(evaluateSpans()).hasSize(2);
  }

  @Test
  void fullJudgeQueueIsCountedAndEnrichStillReturns() {
    GenAiSpanEvaluator evaluator =
        relevanceEvaluator(
            "GENAI_WATCH_EVAL_CONCURRENCY", "1", "GENAI_WATCH_EVAL_QUEUE_CAPACITY", "1");
    for (int i = 0; i < 5; i++) {
      // The first occupies the only worker for two seconds, the second waits in the queue.
      enrich(evaluator, chat(QUESTION + " " + i, ANSWER + " [sim-judge:slow:2000]"));
    }
    evaluator.close();

    assertThat(counter("genai_watch_eval_queue_full", null, null)).isEqualTo(3.0);
    assertThat(evaluateSpans()).hasSize(2);
  }

  @Test
  void judgesOwnSpansComingBackThroughThePipelineAreNeverEvaluated() throws Exception {
    CountDownLatch judged = new CountDownLatch(1);
    List<ResourceSpans> out = new CopyOnWriteArrayList<>();
    GenAiSpanEvaluator evaluator =
        new GenAiSpanEvaluator(
            EvaluationConfig.fromEnvironment(
                judgeEnvironment(sim.baseUrl(), "GENAI_WATCH_EVAL_RUBRICS", "relevance"),
                new Properties()),
            registry,
            rs -> {
              out.add(rs);
              judged.countDown();
            },
            null);
    enrich(evaluator, chat(QUESTION, ANSWER));
    judged.await();
    Span own =
        out.get(0).getScopeSpans(0).getSpansList().stream()
            .filter(x -> x.getName().startsWith("chat "))
            .findFirst()
            .orElseThrow();
    sim.clearServed();
    // The processor's pipeline hands the evaluator's own spans back to it.
    Span.Builder back = own.toBuilder();
    int before = back.getAttributesCount();
    enrich(evaluator, back);
    evaluator.close();

    assertThat(back.getAttributesCount()).isEqualTo(before);
    assertThat(sim.served()).isEmpty();
    assertThat(out).hasSize(1);
  }

  @Test
  void applicationCallingTheJudgesHostAndPortIsEvaluatedEvenIfItClaimsToBeAJudgeCall() {
    GenAiSpanEvaluator evaluator = relevanceEvaluator();
    Span.Builder toJudgeEndpoint = chat(QUESTION, ANSWER);
    List<KeyValue> kept =
        toJudgeEndpoint.getAttributesList().stream()
            .filter(kv -> !kv.getKey().startsWith("server."))
            .toList();
    toJudgeEndpoint
        .clearAttributes()
        .addAllAttributes(kept)
        .addAttributes(KeyValues.str("server.address", URI.create(sim.baseUrl()).getHost()))
        .addAttributes(KeyValues.lng("server.port", sim.port()))
        .addAttributes(KeyValues.bool("genai_watch.evaluation.judge", true));
    enrich(evaluator, toJudgeEndpoint);
    evaluator.close();

    assertThat(attributes(toJudgeEndpoint)).containsKey("genai_watch.eval.refusal");
    assertThat(judgeSpans()).hasSize(1);
    assertThat(score(evaluateSpans(), "relevance")).isEqualTo(5.0);
  }

  @Test
  void failingSinkIsCountedAndDoesNotReachTheCaller() {
    Map<String, String> env =
        judgeEnvironment(sim.baseUrl(), "GENAI_WATCH_EVAL_RUBRICS", "relevance");
    GenAiSpanEvaluator evaluator =
        new GenAiSpanEvaluator(
            EvaluationConfig.fromEnvironment(env, new Properties()),
            registry,
            spans -> {
              throw new IllegalStateException("downstream gone");
            },
            null);
    enrich(evaluator, chat(QUESTION, ANSWER));
    evaluator.close();

    assertThat(counter("genai_watch_eval_failed", "reason", "sink")).isEqualTo(1.0);
    assertThat(counter("genai_watch_eval_done", null, null)).isEqualTo(1.0);
  }
}
