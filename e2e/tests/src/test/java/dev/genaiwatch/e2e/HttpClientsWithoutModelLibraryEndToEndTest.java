package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that builds the JDK's HTTP client and OkHttp but loads no model library ({@code
 * NoLlmStartup}): the agent weaves both clients with its method hooks and nothing else, which is
 * what keeps such an application's start-up cost small (docs/benchmarks.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpClientsWithoutModelLibraryEndToEndTest {
  SimulatedLlmServer server;
  OtlpReceiver receiver;
  ForkedJvm.Result withAgent;

  @BeforeAll
  void runTheApplicationWithTheAgent(@TempDir Path work) throws IOException {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
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
            .run();
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

  /**
   * The testapp's jar holds LangChain4j, so its classes' super types are read; none of the classes
   * this application loads implements a framework interface, so no framework module is ever checked
   * against the class loader (the first thing a hook on an implementation does).
   */
  @Test
  void noClassIsTakenForAnImplementationOfAFrameworkInterface() {
    assertThat(withAgent.genaiWatchLogLines())
        .as(withAgent.describe())
        .noneMatch(line -> line.contains("instrumentation langchain4j applies"))
        .noneMatch(line -> line.contains("instrumentation spring-ai applies"));
  }

  @Test
  void aRequestThatIsNoLlmCallStartsNoTelemetrySdk() {
    assertThat(withAgent.genaiWatchLogLines())
        .as(withAgent.describe())
        .noneMatch(line -> line.contains("telemetry SDK started"));
    assertThat(receiver.telemetry().spans()).isEmpty();
  }
}
