package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.processor.latency.LatencySettings;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency split inside a running processor: OTLP in over HTTP, the client call and the model
 * server's span in separate requests (as two senders would send them), the pair's breakdown out as
 * metrics, {@code /api/latency} and a {@code genai_watch.latency_breakdown} span forwarded
 * downstream beside the two untouched spans.
 */
class LatencySplitTest {
  @TempDir Path dataDir;

  /** A processor forwarding over gRPC to {@code downstream}, with {@code extra} settings. */
  private TestProcessor processor(OtlpReceiver downstream, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("downstream.endpoint", downstream.grpcEndpoint());
    settings.put("downstream.protocol", "grpc");
    return TestProcessor.start(dataDir, settings);
  }

  @Test
  void aClientCallAndItsServerSpanBecomeOneBreakdownSpanInTheTraceAndTheApi() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p = processor(downstream, Map.of())) {
      Span call = GenAiCalls.chat("m", 10, 5, "hi");
      Span server = ServerSpans.llmRequest(call, 0.030, 0.070, 0.050, 10, 5);
      assertThat(p.client.postTraces(GenAiCalls.request("vllm", server)).statusCode())
          .isEqualTo(200);
      assertThat(p.client.postTraces(GenAiCalls.request("shop", call)).statusCode()).isEqualTo(200);

      ReceivedSpan breakdown =
          downstream
              .telemetry()
              .awaitSpans(
                  s -> s.name().equals("genai_watch.latency_breakdown"), 1, Duration.ofSeconds(30))
              .get(0);
      assertThat(breakdown.traceId()).isEqualTo(hex(call.getTraceId().toByteArray()));
      assertThat(breakdown.parentSpanId()).isEqualTo(hex(call.getSpanId().toByteArray()));
      assertThat(breakdown.attrDouble("genai_watch.latency.queue")).isEqualTo(0.030);
      assertThat(breakdown.attrDouble("genai_watch.latency.prefill")).isEqualTo(0.070);
      assertThat(breakdown.attrDouble("genai_watch.latency.decode")).isEqualTo(0.050);
      // Not streamed: the chat span lasts 205 ms, the server saw 150 ms of it.
      assertThat(breakdown.attrDouble("genai_watch.latency.network")).isEqualTo(0.055);
      // Both spans of the pair are forwarded as they came (the breakdown may overtake them).
      downstream
          .telemetry()
          .awaitSpans(
              s -> s.name().equals("chat m") || s.name().equals("llm_request"),
              2,
              Duration.ofSeconds(30));

      JsonNode pair = p.client.getJson("/api/latency").path("recent").get(0);
      assertThat(pair.path("queueMs").asDouble()).isEqualTo(30.0);
      assertThat(pair.path("serviceName").asText()).isEqualTo("shop");
      assertThat(sum(p, "genai_watch_latency_matched_total{")).isEqualTo(1.0);
      assertThat(sum(p, "genai_watch_latency_queue_seconds_count{")).isEqualTo(1.0);
    }
  }

  @Test
  void aClientCallWithoutServerSpanIsCountedAsUnmatchedAfterTheWindowAndStillForwarded() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p = processor(downstream, Map.of("latency.window.ms", "200"))) {
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.chat("m", 10, 5, "hi")));

      downstream.telemetry().awaitSpans(s -> s.name().equals("chat m"), 1, Duration.ofSeconds(30));
      TestProcessor.await(
          "the unmatched count",
          () ->
              p.client.metric(
                      "genai_watch_latency_unmatched_total{reason=\"window\",side=\"client\"}")
                  == 1.0);
      assertThat(p.client.getJson("/api/latency").path("pending").asInt()).isZero();
    }
  }

  @Test
  void switchedOffTheApiSaysSoAndNothingIsJoined() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p = processor(downstream, Map.of("latency.enabled", "false"))) {
      assertThat(p.client.getJson("/api/latency").path("enabled").asBoolean(true)).isFalse();
      assertThat(p.client.get("/metrics").body()).doesNotContain("genai_watch_latency_");
    }
  }

  @Test
  void aWindowThatIsNotPositiveIsRefusedWithItsKey() {
    Properties file = new Properties();
    file.setProperty("latency.window.ms", "0");
    assertThatThrownBy(() -> LatencySettings.from(ProcessorConfig.of(file, Map.of())))
        .hasMessageContaining("latency.window.ms");
    file.setProperty("latency.window.ms", "1000");
    file.setProperty("latency.max.pending", "0");
    assertThatThrownBy(() -> LatencySettings.from(ProcessorConfig.of(file, Map.of())))
        .hasMessageContaining("latency.max.pending");
  }

  /** The sum of every sample line starting with {@code prefix}. */
  private static double sum(TestProcessor p, String prefix) {
    return p.client
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String hex(byte[] id) {
    return HexFormat.of().formatHex(id);
  }
}
