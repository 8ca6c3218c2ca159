package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent attached to a running application ({@code VirtualMachine.loadAgent}, i.e. {@code
 * agentmain}) after the JDK's HTTP client's, the OpenAI SDK's and the Google Gen AI SDK's classes
 * were loaded and used: all are retransformed (Google's package-private models methods too), so the
 * calls after the attach get their spans, those before none, and an OkHttp client built after the
 * attach is instrumented too (one built before keeps the interceptors it was built with;
 * docs/coexistence.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeAttachEndToEndTest {
  SimulatedLlmServer server;
  OtlpReceiver receiver;
  ForkedJvm.Result app;
  List<String> output;
  List<ReceivedSpan> spans;

  @BeforeAll
  void attachToTheRunningApplication(@TempDir Path handshake) throws Exception {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    ForkedJvm jvm =
        ForkedJvm.on(ForkedJvm.Jdks.current())
            .classpath(
                AgentRun.testappJar().toString(),
                "dev.genaiwatch.testapp.scenario.AttachLater",
                server.baseUrl(),
                handshake.toString())
            .env(
                Map.of(
                    "OTEL_SERVICE_NAME", "attached-app",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_BSP_SCHEDULE_DELAY", "100",
                    "GENAI_WATCH_DEBUG", "true"))
            .timeout(Duration.ofMinutes(2));
    CompletableFuture<ForkedJvm.Result> running = CompletableFuture.supplyAsync(jvm::run);
    Path ready = handshake.resolve("ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.exists(ready) || Files.size(ready) == 0) {
      assertThat(running).as("the application ended before it was ready").isNotDone();
      assertThat(System.nanoTime()).as("the application is not ready").isLessThan(deadline);
      Thread.sleep(50);
    }
    VirtualMachine vm = VirtualMachine.attach(Files.readString(ready).strip());
    try {
      vm.loadAgent(AgentRun.agentJar().toString());
    } finally {
      vm.detach();
    }
    Files.createFile(handshake.resolve("attached"));
    app = running.get(3, TimeUnit.MINUTES);
    output = app.appStdoutLines();
    spans =
        receiver
            .telemetry()
            .awaitSpans(
                s -> s.attrString("gen_ai.operation.name") != null, 4, Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    receiver.close();
    server.close();
  }

  @Test
  void theApplicationRunsToTheEnd() {
    assertThat(app.exitCode()).as(app.describe()).isZero();
    assertThat(output).as(app.describe()).anyMatch(line -> line.startsWith("after okhttp "));
  }

  @Test
  void theClassesLoadedBeforeTheAttachAreRetransformed() {
    assertThat(app.genaiWatchLogLines())
        .as(app.describe())
        .contains(
            "[genai-watch] DEBUG instrumented jdk.internal.net.http.HttpClientFacade (retransformed)",
            "[genai-watch] DEBUG instrumented"
                + " com.openai.services.blocking.chat.ChatCompletionServiceImpl (retransformed)",
            "[genai-watch] DEBUG instrumented com.google.genai.Models (retransformed)",
            "[genai-watch] DEBUG instrumented com.google.genai.ApiClient (retransformed)");
  }

  @Test
  void theTelemetrySdkStartsInTheBackgroundAtTheAttachSinceTheSdksClientClassIsLoaded() {
    assertThat(app.genaiWatchLogLines())
        .as(app.describe())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("telemetry SDK started")
                    .contains("on genai-watch-telemetry-start"));
  }

  @Test
  void everyCallAfterTheAttachHasItsSpanWithTheResponseItGot() {
    assertThat(spans)
        .extracting(s -> s.attrString("genai_watch.instrumentation"))
        .containsExactlyInAnyOrder("jdk-httpclient", "openai-java", "google-genai", "okhttp");
    assertThat(spans)
        .extracting(s -> s.attrString("gen_ai.response.id"))
        .containsExactlyInAnyOrderElementsOf(responseIds("after "));
  }

  @Test
  void theCallsBeforeTheAttachHaveNone() {
    assertThat(responseIds("before ")).hasSize(3);
    assertThat(spans)
        .extracting(s -> s.attrString("gen_ai.response.id"))
        .doesNotContainAnyElementsOf(responseIds("before "));
  }

  private List<String> responseIds(String prefix) {
    return output.stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .toList();
  }
}
