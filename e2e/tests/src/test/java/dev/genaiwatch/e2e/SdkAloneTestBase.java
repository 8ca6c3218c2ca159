package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
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
 * An application that calls a model through one SDK woven by method hooks and loads no other model
 * library (the testapp's {@code *SdkStartup} main classes), run once with the agent and {@code
 * -Xlog:class+load}: the call has its span, the telemetry SDK starts in the background
 * (docs/benchmarks.md, "Sixth round of issue 22"), and the exporter's OkHttp client is built by the
 * first export, not beside the application's start ("Seventh round"). Subclasses check the span
 * against what the simulator served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SdkAloneTestBase {
  SimulatedLlmServer server;
  OtlpReceiver receiver;
  ForkedJvm.Result withAgent;
  List<String> classesLoaded;
  ReceivedSpan chat;

  /** The application's main class in the testapp jar. */
  abstract String mainClass();

  /** Its one argument: where the simulator is. */
  abstract String serverUrl();

  /** The first word of the line the application prints once its call is done. */
  abstract String scenario();

  /** The SDK classes the method hooks must weave. */
  abstract List<String> hookedClasses();

  @BeforeAll
  void runTheApplicationWithTheAgent(@TempDir Path work) throws IOException {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    Path classLog = work.resolve("class-load.log");
    withAgent =
        AgentRun.withAgent(
                ForkedJvm.on(ForkedJvm.Jdks.current())
                    .classpath(AgentRun.testappJar().toString(), mainClass(), serverUrl())
                    .timeout(Duration.ofMinutes(2)),
                receiver.httpEndpoint())
            .jvmArg("-Dgenai.watch.debug=true")
            .jvmArg("-Xlog:class+load=info:file=" + classLog)
            .run();
    classesLoaded = Files.readAllLines(classLog);
    chat =
        receiver
            .telemetry()
            .awaitSpans(
                s -> "chat".equals(s.attrString("gen_ai.operation.name")),
                1,
                Duration.ofSeconds(30))
            .get(0);
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
        .anySatisfy(line -> assertThat(line).startsWith("BENCH scenario=" + scenario() + " "));
  }

  @Test
  void theSdksClassesAreWovenByTheMethodHooks() {
    for (String hooked : hookedClasses()) {
      assertThat(withAgent.genaiWatchLogLines())
          .as(withAgent.describe())
          .contains("[genai-watch] DEBUG instrumented " + hooked);
    }
  }

  @Test
  void theTelemetrySdkStartsInTheBackgroundBeforeTheCall() {
    assertThat(withAgent.genaiWatchLogLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("telemetry SDK started")
                    .contains("on genai-watch-telemetry-start"));
  }

  @Test
  void theExportersOkHttpClientIsBuiltByTheFirstExportAfterTheCallWasSent() {
    // Both SDKs send over OkHttp: the application's call is the first RealCall.
    int callSent = indexOfClass("okhttp3.internal.connection.RealCall ");
    int exporterClient = indexOfClass("dev.genaiwatch.shaded.okhttp3.OkHttpClient ");

    assertThat(callSent).as("the application's call").isNotNegative();
    assertThat(exporterClient).as("the exporter's client").isGreaterThan(callSent);
    assertThat(withAgent.genaiWatchLogLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Using HttpSender: dev.genaiwatch.agent.export.DeferredHttpSender"));
  }

  /** Where the class-load log records the first load of the class named exactly so; -1 if none. */
  private int indexOfClass(String nameAndSpace) {
    for (int i = 0; i < classesLoaded.size(); i++) {
      String line = classesLoaded.get(i);
      int at = line.indexOf(nameAndSpace);
      if (at > 0 && line.charAt(at - 1) == ' ') {
        return i;
      }
    }
    return -1;
  }
}
