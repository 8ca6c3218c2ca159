package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.processor.drift.quality.Shift;
import dev.genaiwatch.processor.drift.quality.SyntheticTraffic;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedLog;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signal-quality harness's traffic over OTLP/HTTP through a whole processor with default drift
 * settings: the key learns its reference from 3,000 calls (visibly), watches 1,000 steady calls
 * without alarming, then detects input tokens ×1.5 within 300 calls and says by how much.
 */
class DriftSignalOverOtlpTest {
  private static final String KEY =
      SyntheticTraffic.SERVICE + "|" + SyntheticTraffic.MODEL + "|chat";
  private static final long SHIFT_AT = 4001;

  @TempDir Path dataDir;

  private static void send(TestProcessor p, SyntheticTraffic traffic, int calls) {
    for (int sent = 0; sent < calls; sent += 100) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      for (int i = 0; i < 100; i++) {
        scope.addSpans(traffic.next());
      }
      p.client.postTraces(
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .setResource(SyntheticTraffic.resource())
                      .addScopeSpans(scope))
              .build());
    }
  }

  private static JsonNode key(TestProcessor p) {
    for (JsonNode key : p.client.getJson("/api/drift").path("keys")) {
      if (key.path("id").asText().equals(KEY)) {
        return key;
      }
    }
    return p.client.getJson("/api/drift").path("missing");
  }

  private static void awaitCalls(TestProcessor p, long calls) {
    TestProcessor.await(
        calls + " calls seen",
        () -> key(p).path("calls").asLong() == calls,
        () -> key(p).toString());
  }

  @Test
  void learnsThenWatchesSteadyTrafficQuietlyThenDetectsAndQuantifiesAnInputTokenShift() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p =
            TestProcessor.start(
                dataDir, Map.of("downstream.endpoint", downstream.grpcEndpoint()))) {
      SyntheticTraffic traffic = new SyntheticTraffic(2, Shift.INPUT_TOKENS_X1_5, SHIFT_AT);
      send(p, traffic, 1500);
      awaitCalls(p, 1500);
      assertThat(key(p).path("status").asText()).isEqualTo("learning");
      assertThat(key(p).path("learning").path("calls").asInt()).isEqualTo(1500);
      assertThat(key(p).path("learning").path("of").asInt()).isEqualTo(3000);
      assertThat(
              p.client.metric(
                  "genai_watch_drift_learning{gen_ai_operation_name=\"chat\",gen_ai_request_model=\""
                      + SyntheticTraffic.MODEL
                      + "\",genai_watch_prompt_template=\"\",service_name=\""
                      + SyntheticTraffic.SERVICE
                      + "\"}"))
          .isEqualTo(1);

      send(p, traffic, 2500);
      awaitCalls(p, 4000);
      assertThat(key(p).path("status").asText()).as(key(p).toString()).isEqualTo("watching");
      assertThat(key(p).path("referenceSize").asInt()).isEqualTo(3000);
      assertThat(key(p).path("detector").asText()).isEqualTo("sequential");

      send(p, traffic, 1000);
      awaitCalls(p, 5000);
      JsonNode input = key(p).path("features").path("input_tokens");
      assertThat(input.path("drifting").asBoolean()).as(key(p).toString()).isTrue();
      assertThat(input.path("startedAtCall").asLong()).isBetween(SHIFT_AT, SHIFT_AT + 299);
      assertThat(input.path("effect").asText())
          .matches("input_tokens p50 \\d+ → \\d+ \\(\\+\\d+ %\\), over \\d+ calls");
      assertThat(key(p).path("status").asText()).isEqualTo("drifting");

      List<ReceivedLog> started =
          downstream
              .telemetry()
              .awaitLogs(
                  l -> "genai_watch.drift.started".equals(l.eventName()),
                  1,
                  Duration.ofSeconds(30));
      assertThat(started)
          .allSatisfy(
              l ->
                  assertThat(l.attrLong("genai_watch.drift.call_count"))
                      .isGreaterThanOrEqualTo(SHIFT_AT));
      assertThat(started)
          .anySatisfy(
              l -> {
                assertThat(l.attrString("genai_watch.drift.feature")).isEqualTo("input_tokens");
                assertThat(l.attrString("genai_watch.drift.effect"))
                    .startsWith("input_tokens p50 ");
              });
    }
  }
}
