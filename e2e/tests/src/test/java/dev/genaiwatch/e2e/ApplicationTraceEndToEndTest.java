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
 * An application that traces itself with its own (unrelocated) OpenTelemetry SDK opens a SERVER
 * span and makes blocking, streaming, async and embedding calls inside it. genai-watch's spans,
 * exported by genai-watch's own relocated SDK, must be children of that server span in the same
 * trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationTraceEndToEndTest extends AgentComparisonTest {
  static final String SCENARIOS =
      "openai-chat,openai-chat-stream,openai-chat-async,openai-chat-stream-async,"
          + "openai-embeddings";

  ReceivedSpan applicationSpan;
  List<ReceivedSpan> genAiSpans;
  int requestsServed;

  Path javaHome() {
    return ForkedJvm.Jdks.current();
  }

  ForkedJvm app(String otlpEndpoint) {
    return ownOtelApp(javaHome(), SCENARIOS, "--otlp", otlpEndpoint);
  }

  @BeforeAll
  void runTheApplicationWithAndWithoutTheAgent() {
    server = SimulatedLlmServer.start(SimConfig.zeroLatency());
    receiver = OtlpReceiver.start();
    withoutAgent = app(receiver.httpEndpoint()).run();
    receiver.reset();
    server.clearServed();
    withAgent = AgentRun.withAgent(app(receiver.httpEndpoint()), receiver.httpEndpoint()).run();
    requestsServed = server.served().size();
    applicationSpan = awaitOwnOtelApplicationSpan();
    genAiSpans =
        awaitSpans(s -> s.attrString("genai_watch.instrumentation") != null, requestsServed);
  }

  @Test
  void applicationOutputIsIdenticalWithAndWithoutTheAgent() {
    assertSameApplicationOutput();
  }

  @Test
  void theApplicationSpanIsTheServerRootItsOwnSdkExported() {
    assertThat(applicationSpan.kind()).isEqualTo("SERVER");
    assertThat(applicationSpan.isRoot()).isTrue();
    assertThat(applicationSpan.resourceAttributes()).containsEntry("service.name", "own-otel-app");
  }

  @Test
  void oneGenAiSpanPerServedRequest() {
    assertThat(requestsServed).isGreaterThanOrEqualTo(5);
    assertThat(genAiSpans).hasSize(requestsServed);
    assertThat(genAiSpans)
        .allMatch(s -> s.resourceAttributes().get("service.name").equals("e2e-testapp"));
  }

  @Test
  void everyGenAiSpanIsAChildOfTheApplicationSpanInItsTrace() {
    assertChildrenOf(applicationSpan, genAiSpans);
  }
}
