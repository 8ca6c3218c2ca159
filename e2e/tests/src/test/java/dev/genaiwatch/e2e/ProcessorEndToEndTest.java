package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedLog;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.ReceivedTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The processor jar in its own JVM between the agent and a downstream OTLP receiver. The testapp
 * (with the agent) runs {@code openai-steady} (120 calls) then {@code openai-shifted} (60 steady
 * calls, then 60 longer questions in other languages): 180 steady calls, then the shift. The
 * processor decides with its default, calibrated detector (one false alarm per 10,000 calls of a
 * key) on a small reference (100 calls, above the 60 docs/drift.md measures; 64 sampled texts for
 * the embedding), so the 80 steady calls after the reference must stay quiet and the shift must be
 * found by the product's own thresholds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorEndToEndTest {
  static final int STEADY_CALLS = 180;
  static final int ALL_CALLS = 240;

  /**
   * What the shift changes beyond doubt. Not input_tokens: the simulator counts a run of Chinese
   * characters as one token, so the three Chinese questions of five have no more input tokens than
   * the steady ones, and a 100-call reference vouches for large shifts only (the window rule, which
   * this test used before, alarmed on it; the calibrated detector did not within 60 calls).
   */
  static final List<String> SHIFT_FEATURES =
      List.of("prompt_length", "prompt_lexical", "prompt_embedding");

  static final ObjectMapper JSON = new ObjectMapper();

  SimulatedLlmServer server;
  OtlpReceiver downstream;
  ProcessorProcess processor;
  ForkedJvm.Result app;
  List<ReceivedSpan> forwarded;
  JsonNode driftState;
  List<ReceivedLog> driftStarts;

  @BeforeAll
  void runTrafficThroughTheProcessor() throws Exception {
    server =
        SimulatedLlmServer.start(
            SimConfig.builder()
                .ttftBaseMillis(20)
                .prefillMillisPerToken(0)
                .decodeMillisPerToken(0.2)
                .concurrencyPenalty(0)
                .build());
    downstream = OtlpReceiver.start();
    startProcessor();
    app =
        processor
            .testappWithAgent("e2e-shop", "openai-steady,openai-shifted", server.baseUrl(), 120)
            // Also print what the agent sent, to compare with what the processor forwarded.
            .env("OTEL_TRACES_EXPORTER", "otlp,logging-otlp")
            .run();
    assertThat(app.exitCode()).as(app.describe()).isZero();
    forwarded =
        downstream
            .telemetry()
            .awaitSpans(
                s -> "chat".equals(s.attrString("gen_ai.operation.name")),
                ALL_CALLS,
                Duration.ofSeconds(60));
    driftStarts =
        downstream
            .telemetry()
            .awaitLogs(
                l ->
                    "genai_watch.drift.started".equals(l.eventName())
                        && SHIFT_FEATURES.contains(l.attrString("genai_watch.drift.feature")),
                SHIFT_FEATURES.size(),
                Duration.ofSeconds(90));
    driftState = api("/api/drift").path("keys").get(0);
  }

  private void startProcessor() throws IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put("downstream.endpoint", downstream.grpcEndpoint());
    settings.put("downstream.protocol", "grpc");
    // The default detector on a small reference: every other drift setting is the default but the
    // window (effect sizes, blocks of 25 calls for the embedding sample).
    settings.put("drift.reference.size", "100");
    settings.put("drift.embedding.reference.size", "64");
    settings.put("drift.window.size", "50");
    settings.put("drift.evaluate.every.calls", "5");
    settings.put("drift.evaluate.every.seconds", "3600");
    // On a shared test machine latency follows the host's load (and the first calls' JIT warm-up),
    // not the
    // traffic: this test is about the traffic, so the timing features are left out.
    settings.put("drift.exclude.features", "duration,time_to_first_chunk,output_tokens_per_second");
    processor = ProcessorProcess.start(settings);
  }

  private JsonNode api(String path) throws IOException, InterruptedException {
    return processor.api(path);
  }

  @AfterAll
  void stop() throws InterruptedException {
    AgentRun.closeAll(processor, downstream, server);
  }

  @Test
  void noDriftAlarmDuringTheSteadyPhase() {
    List<ReceivedLog> everyStart =
        downstream.telemetry().logs().stream()
            .filter(l -> "genai_watch.drift.started".equals(l.eventName()))
            .toList();
    assertThat(everyStart)
        .as(processor.output())
        .isNotEmpty()
        .allSatisfy(
            log ->
                assertThat(log.attrLong("genai_watch.drift.call_count"))
                    .isGreaterThan(STEADY_CALLS));
  }

  @Test
  void promptLengthWordsAndEmbeddingAlarmsStartWithinTheShiftedCalls() {
    JsonNode features = driftState.path("features");
    for (String feature : SHIFT_FEATURES) {
      assertThat(features.path(feature).path("drifting").asBoolean())
          .as(feature + " in " + driftState)
          .isTrue();
      assertThat(features.path(feature).path("startedAtCall").asLong())
          .as(feature)
          .isGreaterThan(STEADY_CALLS)
          .isLessThanOrEqualTo(ALL_CALLS);
    }
  }

  @Test
  void theCalibratedSequentialDetectorDecides() {
    assertThat(driftState.path("detector").asText()).as("%s", driftState).isEqualTo("sequential");
  }

  @Test
  void driftAlarmsAreAlsoPrintedByTheProcessor() {
    assertThat(processor.output()).contains("DRIFT_STARTED key=e2e-shop|");
  }

  @Test
  void forwardedSpansAreTheAgentsSpansWithOnlyTheEmbeddingDistanceAndHeuristicsAdded() {
    List<ReceivedSpan> sent = ReceivedTelemetry.fromOtlpJsonLines(app.stdout()).spans();
    assertThat(sent).hasSizeGreaterThanOrEqualTo(ALL_CALLS);
    for (ReceivedSpan original : sent) {
      ReceivedSpan received =
          downstream.telemetry().spans().stream()
              .filter(s -> s.spanId().equals(original.spanId()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "span "
                              + original.name()
                              + " "
                              + original.spanId()
                              + " was not forwarded"));
      Map<String, Object> attributes = new HashMap<>(received.attributes());
      attributes.remove("genai_watch.drift.embedding_distance");
      // The drift key's template, when the call has system instructions.
      attributes.remove("genai_watch.prompt.template");
      // The evaluator's heuristics (genai_watch.eval.*) are the other enrichment; the judge is off
      // here.
      assertThat(attributes.keySet().stream().filter(k -> k.startsWith("genai_watch.eval.")))
          .as(original.name())
          .isNotEmpty();
      attributes.keySet().removeIf(k -> k.startsWith("genai_watch.eval."));
      assertThat(attributes).as(original.name()).isEqualTo(original.attributes());
      assertThat(received.name()).isEqualTo(original.name());
      assertThat(received.traceId()).isEqualTo(original.traceId());
      assertThat(received.parentSpanId()).isEqualTo(original.parentSpanId());
      assertThat(received.startEpochNanos()).isEqualTo(original.startEpochNanos());
      assertThat(received.endEpochNanos()).isEqualTo(original.endEpochNanos());
      assertThat(received.statusCode()).isEqualTo(original.statusCode());
      assertThat(received.events()).isEqualTo(original.events());
      assertThat(received.resourceAttributes()).isEqualTo(original.resourceAttributes());
    }
  }

  @Test
  void repeatedPromptsCarryTheirDistanceToTheReferenceCentroid() {
    List<Double> distances =
        forwarded.stream()
            .map(s -> s.attrDouble("genai_watch.drift.embedding_distance"))
            .filter(d -> d != null)
            .toList();
    assertThat(distances).isNotEmpty().allSatisfy(d -> assertThat(d).isBetween(0.0, 2.0));
  }
}
