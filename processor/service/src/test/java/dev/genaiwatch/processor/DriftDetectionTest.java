package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedLog;
import dev.genaiwatch.testing.ReceivedSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic whose inputs shift after 40 calls, sent as OTLP to a processor with small windows
 * (reference 20, window 20, evaluated every 5 calls, alarm after 2 consecutive drifting
 * evaluations).
 */
class DriftDetectionTest {
  static final String KEY = "shop|m|chat";
  static final List<String> STEADY =
      List.of(
          "How do I reset my password?",
          "Where can I download my invoice?",
          "Why was my card charged twice?",
          "How do I change my billing address?",
          "Can I upgrade my plan mid-month?",
          "How do I cancel my subscription?",
          "What payment methods do you accept?",
          "How long does a refund take?");
  static final List<String> SHIFTED =
      List.of(
          "请详细解释一下你们的数据隐私政策，以及我的个人数据会在哪些国家存储和处理？",
          "Explain step by step how to migrate a production PostgreSQL cluster with zero downtime, including rollback.",
          "我想把整个团队的账户迁移到企业版，需要注意哪些合同条款和安全审计要求？",
          "Write a detailed comparison of your API rate limits against three competitors, with a table and caveats.",
          "如果模型的回答和知识库里的文档不一致，我应该以哪个为准？请给出理由。");

  @TempDir Path dataDir;

  static Map<String, String> smallWindows(boolean embeddings) {
    Map<String, String> settings = new HashMap<>();
    settings.put("drift.reference.size", "20");
    settings.put("drift.window.size", "20");
    settings.put("drift.evaluate.every.calls", "5");
    settings.put("drift.evaluate.every.seconds", "3600");
    settings.put("drift.consecutive", "2");
    settings.put("drift.embedding.enabled", Boolean.toString(embeddings));
    return settings;
  }

  static void steadyCalls(TestProcessor p, int from, int to) {
    for (int i = from; i < to; i++) {
      p.client.postTraces(
          GenAiCalls.request("shop", GenAiCalls.chat("m", 12 + i % 5, 30, STEADY.get(i % 8))));
    }
  }

  static void shiftedCalls(TestProcessor p, int from, int to) {
    for (int i = from; i < to; i++) {
      p.client.postTraces(
          GenAiCalls.request("shop", GenAiCalls.chat("m", 60 + i % 7, 30, SHIFTED.get(i % 5))));
    }
  }

  static JsonNode keyState(TestProcessor p) {
    for (JsonNode key : p.client.getJson("/api/drift").path("keys")) {
      if (key.path("id").asText().equals(KEY)) {
        return key;
      }
    }
    return p.client.getJson("/api/drift").path("missing");
  }

  /** The key's call count at the newest point of the feature's score history (0 when none). */
  static long lastEvaluatedCall(TestProcessor p, String feature) {
    JsonNode points = keyState(p).path("features").path(feature).path("history").path("points");
    return points.isEmpty() ? 0 : points.get(points.size() - 1).get(0).asLong();
  }

  static boolean drifting(TestProcessor p, String feature) {
    return keyState(p).path("features").path(feature).path("drifting").asBoolean();
  }

  @Test
  void inputShiftRaisesAlarmsOnInputFeaturesAndPromptEmbeddingButNotBefore() {
    try (OtlpReceiver downstream = OtlpReceiver.start()) {
      Map<String, String> settings = smallWindows(true);
      settings.put("downstream.endpoint", downstream.grpcEndpoint());
      try (TestProcessor p = TestProcessor.start(dataDir, settings)) {
        steadyCalls(p, 0, 20);
        TestProcessor.await(
            "the prompt reference to be embedded",
            () ->
                keyState(p)
                        .path("embeddings")
                        .path("prompt_embedding")
                        .path("referenceSize")
                        .asInt()
                    == 20);
        steadyCalls(p, 20, 40);
        // Windows of 20 calls: blocks of 10 texts, all of them sampled; the embedding window is the
        // newest block.
        TestProcessor.await(
            "the steady calls to be seen and embedded",
            () ->
                keyState(p).path("calls").asInt() == 40
                    && keyState(p)
                            .path("embeddings")
                            .path("prompt_embedding")
                            .path("currentSize")
                            .asInt()
                        == 10);
        TestProcessor.await(
            "the steady calls to be evaluated",
            () ->
                keyState(p).path("evaluations").asInt() >= 2
                    && keyState(p).path("features").has("input_tokens")
                    && keyState(p).path("features").has("prompt_embedding"),
            () -> keyState(p).toString());
        assertThat(keyState(p).path("drifting").asBoolean()).as(keyState(p).toString()).isFalse();

        // Block by block: on a loaded machine the embedder may still be busy with one block when
        // the next arrives, and then (by design) only the newer one is embedded; the alarm needs
        // both shifted blocks judged.
        shiftedCalls(p, 40, 50);
        TestProcessor.await(
            "the first shifted block to be embedded and evaluated",
            () -> lastEvaluatedCall(p, "prompt_embedding") >= 50,
            () -> keyState(p).toString());
        shiftedCalls(p, 50, 60);
        TestProcessor.await("input_tokens drift", () -> drifting(p, "input_tokens"));
        TestProcessor.await("prompt_length drift", () -> drifting(p, "prompt_length"));
        TestProcessor.await(
            "prompt_embedding drift",
            () -> drifting(p, "prompt_embedding"),
            () -> keyState(p).toString());
        JsonNode features = keyState(p).path("features");
        assertThat(features.path("input_tokens").path("startedAtCall").asLong())
            .isBetween(41L, 60L);
        assertThat(features.path("prompt_length").path("startedAtCall").asLong())
            .isBetween(41L, 60L);
        assertThat(features.path("output_tokens").path("drifting").asBoolean()).isFalse();
        assertThat(features.path("input_tokens").path("effect").asText())
            .startsWith("input_tokens p50 14 → ");
        assertThat(features.path("prompt_embedding").path("effect").asText())
            .startsWith("prompt_embedding centroid distance ");

        List<ReceivedLog> started =
            downstream
                .telemetry()
                .awaitLogs(
                    l -> "genai_watch.drift.started".equals(l.eventName()),
                    4,
                    Duration.ofSeconds(30));
        assertThat(started)
            .extracting(l -> l.attrString("genai_watch.drift.feature"))
            .contains("input_tokens", "prompt_length", "prompt_lexical", "prompt_embedding");
        assertThat(
                p.client.metric(
                    "genai_watch_drift_detected{gen_ai_operation_name=\"chat\","
                        + "gen_ai_request_model=\"m\",genai_watch_drift_feature=\"input_tokens\","
                        + "genai_watch_prompt_template=\"\",service_name=\"shop\"}"))
            .isEqualTo(1);

        // Calls 21..40 repeat prompts whose embeddings are known once the reference is complete.
        List<ReceivedSpan> spans =
            downstream.telemetry().awaitSpans(s -> true, 60, Duration.ofSeconds(30));
        List<Double> distances =
            spans.subList(20, 40).stream()
                .map(s -> s.attrDouble(DriftMonitor.EMBEDDING_DISTANCE))
                .toList();
        assertThat(distances)
            .doesNotContainNull()
            .allSatisfy(d -> assertThat(d).isBetween(0.0, 2.0));
        assertThat(spans.subList(0, 20))
            .allSatisfy(
                s -> assertThat(s.attributes()).doesNotContainKey(DriftMonitor.EMBEDDING_DISTANCE));
      }
    }
  }

  @Test
  void pinningTheShiftedTrafficAsBaselineClearsTheAlarm() {
    try (TestProcessor p = TestProcessor.start(dataDir, smallWindows(false))) {
      steadyCalls(p, 0, 40);
      shiftedCalls(p, 40, 60);
      TestProcessor.await("input_tokens drift", () -> drifting(p, "input_tokens"));

      assertThat(
              p.client
                  .post(
                      "/api/drift/" + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "/baseline",
                      "application/json",
                      new byte[0],
                      null)
                  .statusCode())
          .isEqualTo(200);
      assertThat(keyState(p).path("pinned").asBoolean()).isTrue();
      assertThat(keyState(p).path("referenceSize").asInt()).isEqualTo(20);

      shiftedCalls(p, 60, 80);
      TestProcessor.await("input_tokens drift to clear", () -> !drifting(p, "input_tokens"));
    }
  }

  @Test
  void toolExecutionsAreNotDriftKeysButASpanClaimingToBeAJudgeCallIs() {
    Span tool =
        GenAiCalls.plain("execute_tool weather").toBuilder()
            .addAttributes(GenAiCalls.string("gen_ai.operation.name", "execute_tool"))
            .build();
    // Only the processor's own judge calls are skipped (by identity); a sender cannot opt out with
    // the attribute.
    Span judge =
        GenAiCalls.chat("judge-model", 10, 5, "judge this").toBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("genai_watch.evaluation.judge")
                    .setValue(AnyValue.newBuilder().setBoolValue(true)))
            .build();
    try (TestProcessor p = TestProcessor.start(dataDir, smallWindows(false))) {
      p.client.postTraces(
          GenAiCalls.request("shop", tool, judge, GenAiCalls.chat("m", 10, 5, "hello")));
      JsonNode keys = p.client.getJson("/api/drift").path("keys");
      for (int i = 0; i < 50 && keys.size() < 2; i++) {
        sleepQuietly();
        keys = p.client.getJson("/api/drift").path("keys");
      }
      assertThat(keys).hasSize(2);
      List<String> ids = new ArrayList<>();
      keys.forEach(k -> ids.add(k.path("id").asText()));
      assertThat(ids).contains(KEY).noneMatch(id -> id.contains("execute_tool"));
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void pinningAnUnknownKeyIs404() {
    try (TestProcessor p = TestProcessor.start(dataDir, smallWindows(false))) {
      assertThat(
              p.client
                  .post("/api/drift/nope/baseline", "application/json", new byte[0], null)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void aRestartKeepsTheBaselineAndTheWindow() {
    try (TestProcessor first = TestProcessor.start(dataDir, smallWindows(false))) {
      steadyCalls(first, 0, 25);
      TestProcessor.await("25 calls seen", () -> keyState(first).path("calls").asInt() == 25);
    }
    try (TestProcessor second = TestProcessor.start(dataDir, smallWindows(false))) {
      JsonNode state = keyState(second);
      assertThat(state.path("calls").asInt()).isEqualTo(25);
      assertThat(state.path("referenceSize").asInt()).isEqualTo(20);
      assertThat(state.path("currentSize").asInt()).isEqualTo(5);
      // The restored reference is used: shifted traffic after the restart is detected against it.
      shiftedCalls(second, 25, 45);
      TestProcessor.await("input_tokens drift", () -> drifting(second, "input_tokens"));
    }
  }
}
