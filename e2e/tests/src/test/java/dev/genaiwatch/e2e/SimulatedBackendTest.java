package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * An end-to-end test whose forked application talks to a simulated LLM server and exports to an
 * OTLP receiver; the subclass starts both in its {@code @BeforeAll}, and both are closed once the
 * class is done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatedBackendTest {
  SimulatedLlmServer server;
  OtlpReceiver receiver;

  @AfterAll
  void closeServerAndReceiver() {
    AgentRun.closeAll(receiver, server);
  }

  /**
   * The testapp with its own OpenTelemetry ({@code testapp/own-otel}) on {@code javaHome}, running
   * {@code scenarios} four times each against the simulated server; {@code tracing} says how the
   * application exports its own spans ({@code --otlp <endpoint>}, or {@code --global} for an
   * agent's SDK).
   */
  ForkedJvm ownOtelApp(Path javaHome, String scenarios, String... tracing) {
    List<String> args = new ArrayList<>(List.of(tracing));
    args.addAll(List.of("run", scenarios, "--base-url", server.baseUrl(), "--requests", "4"));
    return ForkedJvm.on(javaHome)
        .jar(AgentRun.testappOwnOtelJar(), args.toArray(String[]::new))
        .timeout(Duration.ofMinutes(3));
  }

  /**
   * Waits (at most 30 s) until the receiver holds {@code count} spans that {@code which} accepts.
   */
  List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> which, int count) {
    return receiver.telemetry().awaitSpans(which, count, Duration.ofSeconds(30));
  }

  /**
   * The SERVER span the testapp with its own OpenTelemetry ({@code testapp/own-otel}) opens around
   * its calls.
   */
  ReceivedSpan awaitOwnOtelApplicationSpan() {
    return awaitSpans(s -> "own-otel-app".equals(s.scopeName()), 1).get(0);
  }

  /** Each of {@code spans} is a child of {@code parent}, in its trace. */
  static void assertChildrenOf(ReceivedSpan parent, List<ReceivedSpan> spans) {
    assertThat(spans)
        .allSatisfy(
            span -> {
              assertThat(span.traceId()).as(span.name()).isEqualTo(parent.traceId());
              assertThat(span.parentSpanId()).as(span.name()).isEqualTo(parent.spanId());
            });
  }

  /**
   * Both runs exited normally and printed the same application output (some of it); returns an
   * assertion on the instrumented run's whole output, for the lines a scenario must print.
   */
  static AbstractStringAssert<?> assertSameApplicationOutput(
      ForkedJvm.Result instrumented, ForkedJvm.Result plain) {
    AgentRun.assertExitedNormally(instrumented, plain);
    assertThat(instrumented.appStdoutLines()).isNotEmpty().isEqualTo(plain.appStdoutLines());
    return assertThat(instrumented.stdout());
  }
}
