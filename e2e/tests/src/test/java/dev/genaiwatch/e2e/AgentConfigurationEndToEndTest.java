package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.Protocol;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.ReceivedTelemetry;
import dev.genaiwatch.testing.Signal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent's settings, each in a forked JVM with the real jar: exporters and protocols chosen the
 * standard OpenTelemetry way, genai-watch's own switches, and the failure modes of the telemetry
 * path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentConfigurationEndToEndTest {
  static final String SCENARIOS = "openai-chat,openai-chat-stream";

  SimulatedLlmServer server;
  OtlpReceiver receiver;
  List<String> referenceOutput;

  @BeforeAll
  void start() {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    ForkedJvm.Result reference =
        AgentRun.testapp(ForkedJvm.Jdks.current(), false, SCENARIOS, server.baseUrl(), null).run();
    assertThat(reference.exitCode()).as(reference.describe()).isZero();
    referenceOutput = reference.appStdoutLines();
  }

  @BeforeEach
  void reset() {
    receiver.reset();
  }

  @AfterAll
  void stop() {
    receiver.close();
    server.close();
  }

  ForkedJvm app(String otlpEndpoint) {
    return AgentRun.testapp(
        ForkedJvm.Jdks.current(), true, SCENARIOS, server.baseUrl(), otlpEndpoint);
  }

  List<ReceivedSpan> genAiSpans(int expected) {
    return receiver
        .telemetry()
        .awaitSpans(
            s -> s.attrString("gen_ai.operation.name") != null, expected, Duration.ofSeconds(20));
  }

  @Test
  void exportsOverGrpcWhenTheProtocolIsGrpc() {
    ForkedJvm.Result run =
        app(receiver.grpcEndpoint()).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(genAiSpans(2)).hasSize(2);
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.GRPC)).isPositive();
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.HTTP_PROTOBUF)).isZero();
    receiver
        .telemetry()
        .awaitMetricPoints(
            "gen_ai.client.operation.duration", p -> true, 1, Duration.ofSeconds(20));
  }

  @Test
  void loggingOtlpPrintsOtlpJsonLinesOnStdoutBesideTheApplicationsOutput() {
    ForkedJvm.Result run =
        app("http://127.0.0.1:1")
            .env("OTEL_TRACES_EXPORTER", "logging-otlp")
            .env("OTEL_METRICS_EXPORTER", "logging-otlp")
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    ReceivedTelemetry printed = ReceivedTelemetry.fromOtlpJsonLines(run.stdout());
    assertThat(printed.spans())
        .extracting(ReceivedSpan::name)
        .containsOnly("chat qwen2.5-7b-instruct")
        .hasSize(2);
    assertThat(printed.metricPoints())
        .anyMatch(p -> p.metricName().equals("gen_ai.client.operation.duration"));
    assertThat(run.appStdoutLines()).isEqualTo(referenceOutput);
  }

  @Test
  void exportersSetToNoneExportNothingAndStayQuiet() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint())
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("OTEL_METRICS_EXPORTER", "none")
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.genaiWatchLogLines()).isEmpty();
    assertThat(receiver.requestCount(Signal.TRACES)).isZero();
    assertThat(receiver.requestCount(Signal.METRICS)).isZero();
  }

  @Test
  void unreachableCollectorNeverHarmsTheApplicationAndWarnsAtMostOnce() {
    ForkedJvm.Result run =
        app("http://127.0.0.1:1").env("GENAI_WATCH_SHUTDOWN_TIMEOUT_MS", "1000").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.appStdoutLines()).isEqualTo(referenceOutput);
    List<String> warnings = run.stderr().lines().filter(l -> !l.isBlank()).toList();
    // At most one line about the failing exports, and the flush at exit gives up at its timeout
    // (the exporter
    // would retry a dead collector for seconds) and says so, instead of holding the application's
    // exit.
    assertThat(warnings)
        .as(run.stderr())
        .allMatch(l -> l.startsWith("[genai-watch] WARN "))
        .filteredOn(l -> l.contains("telemetry export problem"))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(warnings)
        .as(run.stderr())
        .anyMatch(l -> l.contains("telemetry not fully flushed within 1000 ms at shutdown"))
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void collectorAnsweringWithErrorsIsRetriedAndNothingIsLost() {
    receiver.failNextRequests(1, 503);
    ForkedJvm.Result run = app(receiver.httpEndpoint()).run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(genAiSpans(2)).hasSize(2);
  }

  @Test
  void samplerSettingsApply() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint()).env("OTEL_TRACES_SAMPLER", "always_off").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    receiver
        .telemetry()
        .awaitMetricPoints(
            "gen_ai.client.operation.duration", p -> true, 1, Duration.ofSeconds(20));
    assertThat(receiver.telemetry().spans()).isEmpty();
  }

  @Test
  void systemPropertyFormsOfOtelSettingsApply() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint())
            .jvmArg("-Dotel.service.name=from-sysprop")
            .jvmArg("-Dotel.resource.attributes=region=eu-west")
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(genAiSpans(2).get(0).resourceAttributes())
        .containsEntry("service.name", "from-sysprop")
        .containsEntry("region", "eu-west");
  }

  @Test
  void agentOffSwitchDisablesEverything() {
    ForkedJvm.Result run = app(receiver.httpEndpoint()).env("GENAI_WATCH_ENABLED", "false").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.appStdoutLines()).isEqualTo(referenceOutput);
    assertThat(run.genaiWatchLogLines())
        .containsExactly("[genai-watch] INFO disabled by genai.watch.enabled=false");
    assertThat(receiver.requestCount(Signal.TRACES) + receiver.requestCount(Signal.METRICS))
        .isZero();
  }

  @Test
  void oneInstrumentationCanBeSwitchedOffBySystemProperty() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint())
            .jvmArg("-Dgenai.watch.instrumentation.openai-java.enabled=false")
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.genaiWatchLogLines())
        .containsExactly(
            "[genai-watch] INFO instrumentation openai-java disabled by configuration");
    // The SDK sends over OkHttp: with its library-level instrumentation off, the wire level records
    // its calls.
    assertThat(receiver.telemetry().spans())
        .isNotEmpty()
        .allSatisfy(
            s -> assertThat(s.attrString("genai_watch.instrumentation")).isEqualTo("okhttp"));
  }

  @Test
  void contentCaptureOffRecordsNoContentButEverythingElse() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint()).env("GENAI_WATCH_CAPTURE_CONTENT", "false").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    for (ReceivedSpan span : genAiSpans(2)) {
      assertThat(span.attributes())
          .doesNotContainKeys(
              "gen_ai.input.messages",
              "gen_ai.output.messages",
              "gen_ai.system_instructions",
              "genai_watch.content.redactions")
          .containsKeys("gen_ai.usage.input_tokens", "gen_ai.response.id");
    }
  }

  @Test
  void contentSizeLimitTruncatesAndSaysSo() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint()).env("GENAI_WATCH_CONTENT_MAX_LENGTH", "10").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    ReceivedSpan stream =
        genAiSpans(2).stream()
            .filter(s -> Boolean.TRUE.equals(s.attrBool("gen_ai.request.stream")))
            .findFirst()
            .orElseThrow();
    assertThat(stream.attributes()).containsEntry("genai_watch.content.truncated", true);
    assertThat(stream.attrString("gen_ai.input.messages")).contains("\"content\":\"Tell me a …\"");
  }

  @Test
  void invalidGenAiWatchSettingIsReportedAndTheApplicationRuns() {
    ForkedJvm.Result run =
        app(receiver.httpEndpoint()).env("GENAI_WATCH_CONTENT_MAX_LENGTH", "lots").run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.appStdoutLines()).isEqualTo(referenceOutput);
    assertThat(run.genaiWatchLogLines())
        .singleElement()
        .asString()
        .contains("genai.watch.content.max.length")
        .contains("GENAI_WATCH_CONTENT_MAX_LENGTH");
  }
}
