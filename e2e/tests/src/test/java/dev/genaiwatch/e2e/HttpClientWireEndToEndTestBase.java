package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One HTTP client family's scenarios run once with the real agent jar in a forked JVM and once
 * without, against the simulated vLLM-like server: what every wire level promises (the application
 * receives the same bytes, exactly one CLIENT span per LLM request, every LLM request carries its
 * span's {@code traceparent}, nothing secret leaves the process, the agent logs nothing). The
 * subclasses assert each scenario's span against what the server served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpClientWireEndToEndTestBase extends AgentComparisonTest {
  List<ReceivedSpan> clientSpans;
  List<ServedResponse> served;
  List<ReceivedRequest> llmRequests;

  /** The scenarios to run, comma-separated; each prints one line per response it read. */
  abstract String scenarios();

  /** The instrumentation every span must name. */
  abstract String instrumentation();

  /**
   * The instrumentations the spans may name: {@link #instrumentation()} alone, unless overridden.
   */
  List<String> instrumentations() {
    return List.of(instrumentation());
  }

  /** The prefix of the scenarios' output lines. */
  abstract List<String> outputPrefixes();

  @BeforeAll
  void runScenariosWithAndWithoutAgent() {
    receiver = OtlpReceiver.start();
    runTestappOnFreshServers(OkHttpWireEndToEndTest::startServer, scenarios());
    llmRequests =
        server.received().stream().filter(r -> r.path().equals("/v1/chat/completions")).toList();
    clientSpans = awaitSpans(s -> "CLIENT".equals(s.kind()), llmRequests.size());
    served = server.served();
  }

  @Test
  void theApplicationReceivesTheSameBytesWithAndWithoutTheAgent() {
    AgentRun.assertExitedNormally(withAgent, withoutAgent);
    List<String> lines = scenarioLines(withAgent);
    assertThat(lines).isEqualTo(scenarioLines(withoutAgent));
    assertThat(lines)
        .filteredOn(l -> l.contains("HTTP 200"))
        .hasSize(scenarios().split(",").length);
  }

  private List<String> scenarioLines(ForkedJvm.Result run) {
    return run.appStdoutLines().stream()
        .filter(l -> outputPrefixes().stream().anyMatch(l::startsWith))
        .toList();
  }

  @Test
  void exactlyOneClientSpanPerLlmRequestAllFromThisWireLevel() {
    assertThat(receiver.telemetry().spans()).as(describeRun()).hasSize(llmRequests.size());
    assertThat(clientSpans)
        .as(describeRun())
        .hasSize(llmRequests.size())
        .allSatisfy(
            s -> assertThat(s.attrString("genai_watch.instrumentation")).isIn(instrumentations()));
    assertThat(clientSpans)
        .extracting(s -> s.attrString("gen_ai.response.id"))
        .as(describeRun())
        .doesNotHaveDuplicates();
  }

  @Test
  void everyLlmRequestCarriedItsSpansTraceparentToTheServer() {
    assertThat(llmRequests).hasSize(clientSpans.size());
    assertThat(clientSpans)
        .allSatisfy(
            s ->
                assertThat(llmRequests)
                    .filteredOn(
                        r ->
                            r.traceparent() != null
                                && r.traceparent()
                                    .startsWith("00-" + s.traceId() + "-" + s.spanId() + "-"))
                    .hasSize(1));
    assertThat(server.received())
        .filteredOn(r -> r.path().equals("/v1/models"))
        .allSatisfy(r -> assertThat(r.traceparent()).isNull());
  }

  /** The testapp's API key and URL key, and the path, none of which may be recorded. */
  static final String[] NEVER_RECORDED = {
    "sk-testapp-0123456789abcdefghij", "query-secret-0123", "api-key=", "/v1/chat"
  };

  @Test
  void noSecretHeaderOrQueryStringEverLeavesTheProcess() {
    assertThat(describeRun() + clientSpans).doesNotContain(NEVER_RECORDED);
  }

  /** A JSON chat: parameters, usage and output as served, not an error. */
  void assertChatMatchesWhatWasServed(String inputFragment) {
    ReceivedSpan span = spanWithInput(inputFragment);
    ServedResponse truth = servedFor(span);
    assertThat(span.name()).isEqualTo("chat qwen2.5-7b-instruct");
    assertThat(span.attributes())
        .containsAllEntriesOf(
            Map.of(
                "gen_ai.operation.name",
                "chat",
                "gen_ai.request.max_tokens",
                24L,
                "gen_ai.request.stream",
                false,
                "gen_ai.response.id",
                truth.id(),
                "gen_ai.response.model",
                truth.model(),
                "gen_ai.usage.input_tokens",
                (long) truth.promptTokens(),
                "gen_ai.usage.output_tokens",
                (long) truth.completionTokens(),
                "gen_ai.response.finish_reasons",
                List.of(truth.finishReason()),
                "server.address",
                "127.0.0.1",
                "server.port",
                (long) server.port()));
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  /** A stream read to its end: every chunk, TTFT within the span, usage from the usage chunk. */
  void assertStreamMatchesWhatWasServed(String inputFragment) {
    ReceivedSpan span = spanWithInput(inputFragment);
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
        .doesNotContainKey("genai_watch.stream.end");
    // Not before the server's first token, not after the span's end.
    double firstChunkSeconds = span.attrDouble("gen_ai.response.time_to_first_chunk");
    assertThat(firstChunkSeconds)
        .isBetween(truth.injectedFirstTokenDelayNanos() / 1e9, span.durationSeconds());
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  /** A stream the application stopped reading: closed, with what arrived, not an error. */
  void assertStreamClosedEarly(String inputFragment) {
    ReceivedSpan span = spanWithInput(inputFragment);
    assertThat(span.attributes()).containsEntry("genai_watch.stream.end", "closed");
    assertThat(span.attrLong("genai_watch.stream.chunks")).isPositive();
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(clientSpans, fragment, this::describeRun);
  }

  ServedResponse servedFor(ReceivedSpan span) {
    return ServedSpans.servedFor(served, span);
  }
}
