package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An application run twice, with the agent and without it for the reference output: the agent must
 * change nothing the application prints, and say nothing while all goes well. Subclasses make both
 * runs in their {@code @BeforeAll} (for the testapp, with the run helpers below) and check the
 * spans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentComparisonTest extends SimulatedBackendTest {
  ForkedJvm.Result withAgent;
  ForkedJvm.Result withoutAgent;

  @Test
  void theAgentLogsNothingInNormalOperation() {
    assertThat(withAgent.genaiWatchLogLines()).as(withAgent.stderr()).isEmpty();
  }

  /**
   * Asserts both runs printed the same, and returns an assertion on the agent run's output for what
   * it must say.
   */
  AbstractStringAssert<?> assertSameApplicationOutput() {
    return assertSameApplicationOutput(withAgent, withoutAgent);
  }

  /** The JDK the testapp runs on (the JDK 25 legs name theirs). */
  Path javaHome() {
    return ForkedJvm.Jdks.current();
  }

  /** The testapp jar (the oldest-SDK and repackaged legs name theirs). */
  Path appJar() {
    return AgentRun.testappJar();
  }

  /**
   * The testapp ({@link #appJar()} on {@link #javaHome()}) running {@code scenarios} against {@code
   * target}, with the agent exporting to the receiver or without it.
   */
  ForkedJvm testapp(boolean agent, String scenarios, SimulatedLlmServer target) {
    return AgentRun.testapp(
        appJar(), javaHome(), agent, scenarios, target.baseUrl(), receiver.httpEndpoint());
  }

  /**
   * Runs {@code scenarios} against the one {@code server}: without the agent for the reference
   * output, then with it; the server forgets what it served the first run, so {@code
   * server.served()} is the agent run's.
   */
  void runTestappWithoutThenWithAgent(String scenarios) {
    withoutAgent = testapp(false, scenarios, server).run();
    server.clearServed();
    withAgent = testapp(true, scenarios, server).run();
  }

  /**
   * Runs {@code scenarios} without the agent against a server of its own, then with it against
   * {@code server}, both fresh from {@code servers}: same seed, same state (prefix cache, ids), so
   * the same bytes are served twice.
   */
  void runTestappOnFreshServers(Supplier<SimulatedLlmServer> servers, String scenarios) {
    runTestappOnFreshServers(servers, scenarios, scenarios, UnaryOperator.identity());
  }

  /**
   * As above, where the agent run makes {@code agentScenarios} (the reference ones and perhaps
   * more) with {@code agentRun}'s settings.
   */
  void runTestappOnFreshServers(
      Supplier<SimulatedLlmServer> servers,
      String scenarios,
      String agentScenarios,
      UnaryOperator<ForkedJvm> agentRun) {
    try (SimulatedLlmServer reference = servers.get()) {
      withoutAgent = testapp(false, scenarios, reference).run();
    }
    server = servers.get();
    withAgent = agentRun.apply(testapp(true, agentScenarios, server)).run();
  }

  /** What the receiver got and what the run with the agent printed, for failure messages. */
  String describeRun() {
    return TelemetryDump.describe(receiver.telemetry()) + "\n" + withAgent.describe();
  }

  /**
   * Nothing the receiver got contains any of {@code secrets}, and none of {@code spans} has an
   * attribute of what the span contract never records: authorization, API key or cookie, request
   * headers, URLs.
   */
  void assertNoSecretOrHeaderWasExported(List<ReceivedSpan> spans, String... secrets) {
    String everything = TelemetryDump.describe(receiver.telemetry()) + spans;
    assertThat(everything).doesNotContain(secrets);
    assertThat(spans)
        .allSatisfy(
            s ->
                assertThat(s.attributes().keySet())
                    .noneMatch(
                        k ->
                            k.toLowerCase().contains("authorization")
                                || k.toLowerCase().contains("api_key")
                                || k.toLowerCase().contains("cookie")
                                || k.startsWith("http.request.header")
                                || k.startsWith("url.")));
  }

  /**
   * Waits (at most 30 s) until the receiver holds {@code count} spans of {@code instrumentation}
   * and returns them.
   */
  List<ReceivedSpan> awaitInstrumentationSpans(String instrumentation, int count) {
    return awaitSpans(
        s -> instrumentation.equals(s.attrString("genai_watch.instrumentation")), count);
  }
}
