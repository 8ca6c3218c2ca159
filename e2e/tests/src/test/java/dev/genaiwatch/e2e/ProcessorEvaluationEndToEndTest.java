package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.e2e.monitoring.MonitoringTools;
import dev.genaiwatch.e2e.monitoring.PrometheusServer;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedEvent;
import dev.genaiwatch.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole collector side in one run: testapp with the agent → processor (drift, heuristics, and a
 * judge on a second simulated server, every trace sampled) → downstream OTLP receiver, with a real
 * Prometheus scraping the processor. Six steady support questions, and four chat calls: a RAG
 * answer that ignores its documents, one that repeats them ({@code [[echo]]}), a plain OpenAI SDK
 * chat, and one whose question makes the simulated judge answer prose instead of JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorEvaluationEndToEndTest {
  private static final String SCENARIOS =
      "langchain4j-ai-service-rag,langchain4j-ai-service-rag-grounded,"
          + "openai-chat,openai-chat-judge-garbage,openai-steady";
  // Six steady calls give drift enough calls past its reference of three to compute scores.
  private static final int STEADY_CALLS = 6;
  private static final int CHAT_CALLS = 4 + STEADY_CALLS;
  // relevance + hallucination on every call, groundedness on the two RAG calls.
  // Two judge rubrics per chat, groundedness on the two RAG chats, and the RAG context-use check on
  // them.
  private static final int EVALUATIONS = 2 * CHAT_CALLS + 2 + 2;

  private SimulatedLlmServer llm;
  private SimulatedLlmServer judge;
  private OtlpReceiver downstream;
  private ProcessorProcess processor;
  private PrometheusServer prometheus;
  private ForkedJvm.Result app;
  private List<ReceivedSpan> chats;
  private List<ReceivedSpan> evaluations;

  @BeforeAll
  void runTrafficThroughTheProcessorWithTheJudgeOn() throws Exception {
    // The judge runs on its own server (the loop guard skips the processor's own spans, not a host
    // and port).
    judge = SimulatedLlmServer.start(SimConfig.zeroLatency());
    downstream = OtlpReceiver.start();
    Map<String, String> settings = new HashMap<>();
    settings.put("downstream.endpoint", downstream.grpcEndpoint());
    settings.put("drift.reference.size", "3");
    settings.put("drift.window.size", "3");
    settings.put("drift.min.samples", "3");
    settings.put("drift.evaluate.every.calls", "1");
    settings.put("drift.embedding.enabled", "false");
    settings.put("GENAI_WATCH_EVAL_JUDGE_BASE_URL", judge.baseUrl());
    settings.put("GENAI_WATCH_EVAL_JUDGE_MODEL", "judge-model");
    settings.put("GENAI_WATCH_EVAL_SAMPLE_RATE", "1.0");
    settings.put("GENAI_WATCH_EVAL_RETRIES", "0");
    processor = ProcessorProcess.start(settings);
    // The model server sends its vLLM-style llm_request spans to the processor, which joins them
    // with
    // the calls: the latency-split metrics the dashboard queries then exist.
    llm =
        SimulatedLlmServer.start(
            SimConfig.zeroLatency().toBuilder()
                .otlpTracesEndpoint(processor.otlpHttpEndpoint())
                .build());
    Path work =
        Path.of(System.getProperty("genaiwatch.work.dir", "target/e2e"))
            .resolve("processor-prometheus");
    prometheus =
        PrometheusServer.start(
            work, List.of("genai-watch-processor=127.0.0.1:" + processor.httpPort()));

    app = processor.testappWithAgent("e2e-eval", SCENARIOS, llm.baseUrl(), STEADY_CALLS).run();
    assertThat(app.exitCode()).as(app.describe()).isZero();
    Predicate<ReceivedSpan> appChat =
        s ->
            "chat".equals(s.attrString("gen_ai.operation.name"))
                && "e2e-eval".equals(s.resourceAttributes().get("service.name"));
    chats = downstream.telemetry().awaitSpans(appChat, CHAT_CALLS, Duration.ofSeconds(60));
    evaluations =
        downstream
            .telemetry()
            .awaitSpans(s -> s.name().startsWith("evaluate "), EVALUATIONS, Duration.ofSeconds(60));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      Set<String> scraped = prometheus.metricNames();
      if (scraped.contains("genai_watch_eval_failed_total")
          && scraped.contains("genai_watch_eval_score_bucket")
          && scraped.contains("genai_watch_drift_score")
          && scraped.contains("genai_watch_latency_queue_seconds_count")) {
        break;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, processor, downstream, judge, llm}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private ReceivedSpan chatAsking(String questionPart) {
    return chats.stream()
        .filter(s -> String.valueOf(s.attrString("gen_ai.input.messages")).contains(questionPart))
        .filter(
            s ->
                !questionPart.contains("Cape Wrath")
                    || s.attrString("gen_ai.retrieval.documents") != null)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no chat span asking '" + questionPart + "' in " + chats));
  }

  private ReceivedSpan ungroundedRag() {
    return chats.stream()
        .filter(s -> s.attrString("gen_ai.retrieval.documents") != null)
        .filter(s -> !s.attrString("gen_ai.input.messages").contains("[[echo]]"))
        .findFirst()
        .orElseThrow();
  }

  private ReceivedSpan groundedRag() {
    return chatAsking("[[echo]]");
  }

  private List<ReceivedSpan> evaluationsOf(ReceivedSpan call) {
    return evaluations.stream().filter(e -> e.parentSpanId().equals(call.spanId())).toList();
  }

  private static ReceivedEvent result(ReceivedSpan evaluation) {
    return evaluation.events().stream()
        .filter(e -> e.name().equals("gen_ai.evaluation.result"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gen_ai.evaluation.result on " + evaluation));
  }

  @Test
  void ragChatSpansCarryTheRetrievedDocumentsOfTheirAiServiceSpan() {
    for (ReceivedSpan rag : List.of(ungroundedRag(), groundedRag())) {
      assertThat(rag.attrLong("genai_watch.rag.documents")).isEqualTo(2L);
      assertThat(rag.attrString("gen_ai.retrieval.documents")).contains("Cape Wrath");
    }
  }

  /** The evaluation span of {@code evaluator} under {@code call}. */
  private ReceivedSpan evaluation(ReceivedSpan call, String evaluator) {
    return evaluationsOf(call).stream()
        .filter(e -> e.name().equals("evaluate " + evaluator))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no evaluate " + evaluator + " under " + call));
  }

  private ReceivedSpan contextUse(ReceivedSpan call) {
    return evaluation(call, "rag_context_use");
  }

  @Test
  void aRagAnswerThatIgnoresItsDocumentsIsFlaggedAndOneThatUsesThemIsNot() {
    // The check runs off the pipeline thread: its verdict is on a child span, not on the call.
    assertThat(contextUse(ungroundedRag()).attrBool("genai_watch.eval.rag_context_unused"))
        .isTrue();
    assertThat(contextUse(ungroundedRag()).attrDouble("genai_watch.rag.context_use"))
        .isLessThan(0.5);
    assertThat(contextUse(groundedRag()).attrBool("genai_watch.eval.rag_context_unused")).isFalse();
    assertThat(contextUse(groundedRag()).attrDouble("genai_watch.rag.context_use"))
        .isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void everyCallGetsHeuristicAttributes() {
    assertThat(chats)
        .allSatisfy(
            chat -> {
              assertThat(chat.attrBool("genai_watch.eval.refusal")).isFalse();
              assertThat(chat.attrBool("genai_watch.eval.empty_output")).isNotNull();
              assertThat(chat.attrBool("genai_watch.eval.truncated")).isNotNull();
            });
  }

  @Test
  void eachCallHasItsEvaluateSpansAsChildrenInTheSameTrace() {
    for (ReceivedSpan chat : chats) {
      List<ReceivedSpan> mine = evaluationsOf(chat);
      boolean rag = chat.attrString("gen_ai.retrieval.documents") != null;
      Set<String> names =
          mine.stream().map(ReceivedSpan::name).collect(Collectors.toCollection(TreeSet::new));
      assertThat(names)
          .as(chat.attrString("gen_ai.input.messages"))
          .isEqualTo(
              rag
                  ? Set.of(
                      "evaluate groundedness",
                      "evaluate hallucination",
                      "evaluate relevance",
                      "evaluate rag_context_use")
                  : Set.of("evaluate hallucination", "evaluate relevance"));
      assertThat(mine)
          .allSatisfy(
              e -> {
                assertThat(e.traceId()).isEqualTo(chat.traceId());
                assertThat(e.kind()).isEqualTo("INTERNAL");
                assertThat(e.resourceAttributes().get("service.name"))
                    .isEqualTo("genai-watch-evaluator");
              });
    }
    assertThat(evaluations).hasSize(EVALUATIONS);
  }

  @Test
  void judgeScoresFollowTheContent() {
    ReceivedEvent grounded = result(evaluation(groundedRag(), "groundedness"));
    ReceivedEvent ungrounded = result(evaluation(ungroundedRag(), "groundedness"));

    assertThat(grounded.attrString("gen_ai.evaluation.score.label")).isEqualTo("grounded");
    assertThat(ungrounded.attrString("gen_ai.evaluation.score.label")).isEqualTo("ungrounded");
    assertThat(((Number) grounded.attributes().get("gen_ai.evaluation.score.value")).doubleValue())
        .isGreaterThan(
            ((Number) ungrounded.attributes().get("gen_ai.evaluation.score.value")).doubleValue());
    assertThat(grounded.attrString("gen_ai.evaluation.explanation"))
        .contains("answer terms appear in the context");
  }

  @Test
  void theJudgesOwnCallIsAChildOfItsEvaluationAndIsNeverEvaluated() {
    List<ReceivedSpan> judgeCalls =
        downstream.telemetry().spans().stream()
            .filter(s -> Boolean.TRUE.equals(s.attrBool("genai_watch.evaluation.judge")))
            .toList();
    Set<String> evaluationIds =
        evaluations.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());

    assertThat(judgeCalls)
        .isNotEmpty()
        .allSatisfy(
            j -> {
              assertThat(evaluationIds).contains(j.parentSpanId());
              assertThat(j.kind()).isEqualTo("CLIENT");
              assertThat(j.attributes().keySet()).noneMatch(k -> k.startsWith("genai_watch.eval."));
            });
    assertThat(evaluations.stream().map(ReceivedSpan::parentSpanId))
        .noneMatch(p -> judgeCalls.stream().anyMatch(j -> j.spanId().equals(p)));
  }

  @Test
  void judgeCallsFeedNeitherDriftNorTheRecentCallsApi() throws Exception {
    JsonNode keys = processor.api("/api/drift").path("keys");
    JsonNode calls = processor.api("/api/calls?limit=100");

    assertThat(keys.toString()).contains("e2e-eval").doesNotContain("genai-watch-evaluator");
    assertThat(calls.toString())
        .doesNotContain("genai-watch-evaluator")
        .doesNotContain("judge-model");
  }

  @Test
  void aJudgeAnsweringProseIsACountedFailureAndTheCallIsStillForwarded() throws Exception {
    ReceivedSpan garbage = chatAsking("[sim-judge:garbage]");
    List<ReceivedSpan> failed = evaluationsOf(garbage);

    assertThat(failed)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.statusCode()).isEqualTo("ERROR");
              assertThat(e.attrString("error.type")).isNotBlank();
              assertThat(e.events()).noneMatch(ev -> ev.name().equals("gen_ai.evaluation.result"));
            });
    assertThat(processor.metric("genai_watch_eval_failed_total"))
        .isGreaterThanOrEqualTo(failed.size());
  }

  @Test
  void prometheusScrapesDriftAndEvaluationSeriesFromTheProcessor() throws Exception {
    List<String> series =
        List.of(
            "genai_watch_drift_score",
            "genai_watch_drift_detected",
            "genai_watch_eval_score_bucket",
            "genai_watch_eval_done_total",
            "genai_watch_eval_failed_total",
            "genai_watch_eval_checks_total",
            "genai_watch_eval_flagged_total",
            "genai_watch_processor_received_total");
    assertThat(prometheus.awaitMetricNames(series, Duration.ofSeconds(20)))
        .as(prometheus.log())
        .containsAll(series);
    // The flag is counted when the RAG evaluation ends, which may be after the scrapes the set-up
    // waited for.
    JsonNode flagged =
        prometheus.awaitQuery(
            "sum(genai_watch_eval_flagged_total{check=\"rag_context_unused\", service_name=\"e2e-eval\"})",
            r -> !r.isEmpty(),
            Duration.ofSeconds(20));
    assertThat(flagged).as(prometheus.log()).hasSize(1);
    assertThat(flagged.get(0).path("value").get(1).asDouble()).isEqualTo(1.0);
  }

  @Test
  void everyProcessorMetricTheDashboardAndAlertsQueryIsScraped() throws Exception {
    Set<String> wanted = new TreeSet<>();
    wanted.addAll(
        MonitoringTools.metricNamesIn(
            MonitoringTools.repoFile("ops/grafana/genai-watch-dashboard.json")));
    wanted.addAll(
        MonitoringTools.metricNamesIn(MonitoringTools.repoFile("ops/prometheus/alerts.yml")));
    wanted.removeIf(n -> n.startsWith("gen_ai_client_") || n.startsWith("genai_watch_client_"));

    assertThat(wanted).isNotEmpty();
    assertThat(prometheus.awaitMetricNames(wanted, Duration.ofSeconds(20))).containsAll(wanted);
  }
}
