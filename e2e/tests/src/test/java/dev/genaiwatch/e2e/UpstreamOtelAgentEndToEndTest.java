package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * genai-watch beside the upstream OpenTelemetry Java agent 2.33.1, which has its own openai-java
 * instrumentation. The application opens its SERVER span through {@code GlobalOpenTelemetry}, i.e.
 * the upstream agent's SDK, and makes chat, streaming and embedding calls inside it. Both agents
 * export to one receiver. Subclasses fix the {@code -javaagent} order; the order decides which
 * agent owns the GenAI span ({@code UpstreamAgentCoordination}), and in both there is exactly one
 * per call, in the upstream trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpstreamOtelAgentEndToEndTest extends SimulatedBackendTest {
  static final String SCENARIOS = "openai-chat,openai-chat-stream,openai-embeddings";
  static final String GENAI_WATCH_SCOPE = "dev.genaiwatch";

  ForkedJvm.Result withAgents;
  ForkedJvm.Result withoutAgents;
  ReceivedSpan applicationSpan;
  List<ReceivedSpan> genAiSpans;
  int requestsServed;

  /** True when genai-watch's -javaagent comes before the upstream agent's. */
  abstract boolean genaiWatchFirst();

  Path javaHome() {
    return ForkedJvm.Jdks.current();
  }

  ForkedJvm app() {
    return ownOtelApp(javaHome(), SCENARIOS, "--global");
  }

  @BeforeAll
  void runTheApplicationWithBothAgentsAndWithout() {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    withoutAgents = app().run();
    server.clearServed();
    String genaiWatch = "-javaagent:" + AgentRun.agentJar();
    String upstream = "-javaagent:" + AgentRun.upstreamOtelAgentJar();
    withAgents =
        app()
            .jvmArg(genaiWatchFirst() ? genaiWatch : upstream)
            .jvmArg(genaiWatchFirst() ? upstream : genaiWatch)
            // Both agents read otel.* settings: one exporter configuration serves both.
            .jvmArg("-Dotel.service.name=upstream-app")
            .jvmArg("-Dotel.exporter.otlp.endpoint=" + receiver.httpEndpoint())
            .jvmArg("-Dotel.exporter.otlp.protocol=http/protobuf")
            .jvmArg("-Dotel.metrics.exporter=none")
            .jvmArg("-Dotel.logs.exporter=none")
            .jvmArg("-Dotel.bsp.schedule.delay=100")
            .run();
    requestsServed = server.served().size();
    applicationSpan = awaitOwnOtelApplicationSpan();
    genAiSpans = awaitSpans(s -> s.attrString("gen_ai.operation.name") != null, requestsServed);
  }

  @Test
  void applicationOutputIsIdenticalWithBothAgentsAndWithout() {
    assertSameApplicationOutput(withAgents, withoutAgents);
  }

  @Test
  void theUpstreamAgentExportsTheApplicationServerSpan() {
    assertThat(applicationSpan.kind()).isEqualTo("SERVER");
    assertThat(applicationSpan.isRoot()).isTrue();
  }

  @Test
  void exactlyOneGenAiSpanPerServedRequest() {
    assertThat(requestsServed).isGreaterThanOrEqualTo(3);
    // Both agents flushed on exit before the JVM ended, so everything either exported has arrived.
    List<ReceivedSpan> all =
        receiver.telemetry().spans().stream()
            .filter(s -> s.attrString("gen_ai.operation.name") != null)
            .toList();
    assertThat(all).as(withAgents.describe()).hasSize(requestsServed);
  }

  @Test
  void everyGenAiSpanIsAChildOfTheApplicationServerSpan() {
    assertChildrenOf(applicationSpan, genAiSpans);
  }
}
