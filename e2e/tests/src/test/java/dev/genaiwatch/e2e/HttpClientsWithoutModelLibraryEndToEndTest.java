package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that builds the JDK's HTTP client and OkHttp but loads no model library ({@code
 * NoLlmStartup}): the agent weaves both clients with its method hooks and never builds ByteBuddy,
 * which is what keeps such an application's start-up cost small (docs/benchmarks.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpClientsWithoutModelLibraryEndToEndTest {
  SimulatedLlmServer server;
  OtlpReceiver receiver;
  ForkedJvm.Result withAgent;
  List<String> classesLoaded;

  @BeforeAll
  void runTheApplicationWithTheAgent(@TempDir Path work) throws IOException {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    Path classLog = work.resolve("class-load.log");
    withAgent =
        AgentRun.withAgent(
                ForkedJvm.on(ForkedJvm.Jdks.current())
                    .classpath(
                        AgentRun.testappJar().toString(),
                        "dev.genaiwatch.testapp.scenario.NoLlmStartup",
                        server.baseUrl())
                    .timeout(Duration.ofMinutes(2)),
                receiver.httpEndpoint())
            .jvmArg("-Dgenai.watch.debug=true")
            .jvmArg("-Xlog:class+load=info:file=" + classLog)
            .run();
    classesLoaded = Files.readAllLines(classLog);
  }

  @AfterAll
  void stop() {
    receiver.close();
    server.close();
  }

  @Test
  void theApplicationRunsAsWithoutTheAgent() {
    assertThat(withAgent.exitCode()).as(withAgent.describe()).isZero();
    assertThat(withAgent.appStdoutLines())
        .anySatisfy(line -> assertThat(line).startsWith("BENCH ").contains(" status=200 "));
  }

  @Test
  void bothHttpClientsAreWovenByTheMethodHooks() {
    assertThat(withAgent.genaiWatchLogLines())
        .as(withAgent.describe())
        .contains(
            "[genai-watch] DEBUG instrumented jdk.internal.net.http.HttpClientFacade",
            "[genai-watch] DEBUG instrumented okhttp3.OkHttpClient");
  }

  @Test
  void byteBuddyIsNeverBuilt() {
    ByteBuddyAbsence.assertNeverBuilt(classesLoaded, withAgent);
  }

  @Test
  void aRequestThatIsNoLlmCallStartsNoTelemetrySdk() {
    assertThat(withAgent.genaiWatchLogLines())
        .as(withAgent.describe())
        .noneMatch(line -> line.contains("telemetry SDK started"));
    assertThat(receiver.telemetry().spans()).isEmpty();
  }
}
