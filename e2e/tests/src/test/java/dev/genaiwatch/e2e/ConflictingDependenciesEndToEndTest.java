package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The testapp built with its own versions of what the agent bundles (module testapp/conflicts:
 * Jackson 2.19.2, OkHttp 4.12.0 under the OpenAI SDK and for raw OkHttp calls, Kotlin 2.2.21,
 * ByteBuddy 1.14.12), run once without and once with the agent: the application sees its own
 * versions, behaves identically, and genai-watch still traces every call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConflictingDependenciesEndToEndTest extends SimulatedBackendTest {
  static final String SCENARIOS =
      "classpath-versions,openai-chat,openai-chat-stream,openai-embeddings,"
          + "langchain4j-chat,langchain4j-chat-stream,jdk-chat,jdk-chat-stream,okhttp-chat";

  ForkedJvm.Result withAgent;
  ForkedJvm.Result withoutAgent;
  List<ServedResponse> served;
  List<ReceivedSpan> calls;

  @BeforeAll
  void runWithAndWithoutTheAgent() {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    withoutAgent = testapp(false);
    server.clearServed();
    withAgent = testapp(true);
    served = server.served();
    calls =
        receiver
            .telemetry()
            .awaitSpans(
                s -> "CLIENT".equals(s.kind()) && s.attrString("gen_ai.operation.name") != null,
                served.size(),
                Duration.ofSeconds(30));
  }

  private ForkedJvm.Result testapp(boolean agent) {
    return AgentRun.testapp(
            AgentRun.testappConflictsJar(),
            ForkedJvm.Jdks.current(),
            agent,
            SCENARIOS,
            server.baseUrl(),
            receiver.httpEndpoint())
        .run();
  }

  @Test
  void theApplicationUsesItsOwnVersionsOfTheLibrariesTheAgentBundles() {
    String versions =
        withAgent.appStdoutLines().stream()
            .filter(l -> l.startsWith("classpath-versions: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(withAgent.describe()));

    assertThat(versions)
        .isEqualTo(
            "classpath-versions: jackson=2.19.2 okhttp=4.12.0 kotlin=2.2.21 bytebuddy=1.14.12");
  }

  @Test
  void applicationOutputIsIdenticalWithAndWithoutTheAgent() {
    AgentRun.assertExitedNormally(withoutAgent, withAgent);
    assertThat(comparable(withAgent.appStdoutLines()))
        .isNotEmpty()
        .isEqualTo(comparable(withoutAgent.appStdoutLines()));
  }

  /**
   * The raw-HTTP scenarios print the body's size and hash, which carry the server's per-response id
   * and timestamp; that the wire instrumentation changes no byte is WireLevelEndToEndTest's job.
   */
  private static List<String> comparable(List<String> lines) {
    return lines.stream()
        .map(
            l ->
                l.startsWith("jdk-") || l.startsWith("okhttp-")
                    ? l.replaceAll(" \\d+ bytes sha256=\\p{XDigit}+", "")
                    : l)
        .toList();
  }

  @Test
  void everyModelCallIsTracedOnceByTheLibraryThatMadeIt() {
    Map<String, Long> byInstrumentation =
        calls.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.attrString("genai_watch.instrumentation"),
                    TreeMap::new,
                    Collectors.counting()));

    assertThat(calls).hasSize(served.size());
    // openai-chat, -stream, -embeddings; langchain4j chat and stream; jdk-chat and jdk-chat-stream;
    // okhttp-chat.
    assertThat(byInstrumentation)
        .isEqualTo(
            Map.of("openai-java", 3L, "langchain4j", 2L, "jdk-httpclient", 2L, "okhttp", 1L));
    assertThat(calls)
        .allSatisfy(s -> assertThat(s.attrLong("gen_ai.usage.input_tokens")).isPositive());
  }

  @Test
  void genaiWatchLogsNothingAboutTheApplicationsLibraries() {
    assertThat(withAgent.genaiWatchLogLines())
        .as(withAgent.stderr())
        .noneMatch(l -> l.contains("WARN") || l.contains("ERROR"));
  }
}
