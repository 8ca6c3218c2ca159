package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real Spring Boot application using Spring AI (the OpenAI starter, configured by properties to
 * use the simulated server) run once with the real agent jar in a forked JVM and once without it.
 * Each test checks one behaviour of the exported spans against what the server actually served.
 * Subclasses pick the Spring Boot / Spring AI line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringAiEndToEndTestBase extends FrameworkEndToEndTest {
  static final double TTFT_MS = 60;
  static final String MODEL = "qwen2.5-7b-instruct";
  static final String EMBEDDING_MODEL = "text-embedding-3-small";

  /**
   * Two ChatClient calls (RAG, tool), three ChatClient streams (RAG, tool, plain), two tool
   * executions.
   */
  static final int FRAMEWORK_SPANS = 7;

  static final String API_KEY = "sk-testapp-0123456789abcdefghij";
  static final List<String> LIBRARY =
      List.of(
          "The lighthouse at Cape Wrath was built in 1828 by Robert Stevenson.",
          "Saffron is harvested by hand from the crocus flower.",
          "The Cape Wrath lighthouse was automated in 1998 and has no keeper.");

  abstract Path appJar();

  /**
   * The base URL as the Spring AI line expects it (1.1 appends /v1 itself, 2.0's OpenAI SDK does
   * not).
   */
  abstract String springAiBaseUrl(SimulatedLlmServer server);

  /**
   * What the application sees when the provider answers 500: Spring AI's exception in 1.1, the
   * SDK's in 2.0.
   */
  abstract String providerErrorClassPrefix();

  ForkedJvm app(SimulatedLlmServer target, boolean agent) {
    ForkedJvm jvm =
        ForkedJvm.on(ForkedJvm.Jdks.current())
            .jar(appJar(), "--spring.ai.openai.base-url=" + springAiBaseUrl(target))
            .timeout(Duration.ofMinutes(3));
    return agent ? AgentRun.withAgent(jvm, receiver.httpEndpoint()) : jvm;
  }

  /**
   * The reference run (no agent) goes to a server of its own, concurrently with the agent run: a
   * Spring Boot start is mostly single-threaded, so the two overlap well and the class stays within
   * its time budget.
   */
  @BeforeAll
  void runAppWithAndWithoutAgent() throws Exception {
    server = SimulatedLlmServer.start(simConfig());
    receiver = OtlpReceiver.start();
    try (SimulatedLlmServer reference = SimulatedLlmServer.start(simConfig())) {
      CompletableFuture<ForkedJvm.Result> plain =
          CompletableFuture.supplyAsync(() -> app(reference, false).run());
      withAgent = app(server, true).run();
      withoutAgent = plain.get(5, TimeUnit.MINUTES);
    }
    awaitSpansOf("spring-ai", FRAMEWORK_SPANS);
  }

  static SimConfig simConfig() {
    return SimConfig.builder()
        .ttftBaseMillis(TTFT_MS)
        .prefillMillisPerToken(0)
        .decodeMillisPerToken(1)
        .concurrencyPenalty(0)
        .build();
  }

  @Test
  void applicationOutputIsIdenticalWithAndWithoutTheAgent() {
    assertSameApplicationOutput()
        .contains("spring-ai-tool: Tool said: \"sunny, 21 degrees in Paris\".")
        .contains("spring-ai-stream-tool: Tool said: \"sunny, 21 degrees in Lyon\".")
        .contains("spring-ai-stream-cancelled: 3 chunks read")
        .contains("spring-ai-embeddings: 2 vectors of")
        .contains("spring-ai-error: " + providerErrorClassPrefix());
  }

  @Test
  void exactlyOneClientSpanPerRequestTheServerServed() {
    // call, stream, cancelled stream, RAG, RAG stream, two tool rounds, two streamed tool rounds,
    // ChatClient stream.
    assertOneClientSpanPerServedRequest("spring-ai", 10);
  }

  @Test
  void chatSpanCarriesRequestOptionsUsageServerAndContent() {
    ReceivedSpan span = spanWithInput("What is the capital of France?");
    ServedResponse truth = servedFor(span);
    assertTestappChatSpan(span, truth, MODEL);
  }

  @Test
  void streamingSpanEndsOnCompletionWithTimeToFirstChunkAndUsage() {
    ReceivedSpan span = spanWithInput("Describe a lighthouse.");
    ServedResponse truth = servedFor(span);
    assertThat(truth.stream()).isTrue();
    // The prompt's options name no model: 1.1 takes the configured default, 2.0's options builder
    // its own default.
    assertThat(span.name()).isEqualTo("chat " + truth.model());
    assertThat(span.attributes()).containsEntry("gen_ai.request.model", truth.model());
    assertThat(span.attributes()).containsEntry("gen_ai.request.max_tokens", 40L);
    assertCompleteStreamWithServedUsage(span, truth);
    assertThat(span.attrDouble("genai_watch.output_tokens_per_second")).isPositive();
    assertStreamedFromTheFirstChunk(span, truth);
  }

  @Test
  void cancelledStreamStillEndsItsSpanWithWhatWasSeen() {
    ReceivedSpan span = spanWithInput("Tell a long story about a harbour.");
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("genai_watch.stream.end", "closed");
    assertThat(span.attrLong("genai_watch.stream.chunks")).isGreaterThanOrEqualTo(3L);
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void chatClientCallWithRagAdvisorIsAnInternalSpanWithTheRetrievedDocuments() {
    ReceivedSpan client =
        frameworkSpanWithChildInput(
            "ChatClient.call", "When was the Cape Wrath lighthouse automated?");
    assertThat(client.kind()).isEqualTo("INTERNAL");
    assertThat(client.isRoot()).isTrue();
    List<ReceivedSpan> children = childrenOf(client);
    assertThat(children)
        .extracting(ReceivedSpan::name)
        .containsExactly("embeddings " + EMBEDDING_MODEL, "chat " + MODEL);
    assertThat(children).extracting(ReceivedSpan::kind).containsExactly("CLIENT", "CLIENT");
    assertRetrievedDocumentsWereTheChatsContext(client, children.get(1), LIBRARY);
  }

  @Test
  void chatClientStreamWithRagAdvisorCarriesTheDocumentsRetrievedOnTheAdvisorsThread() {
    ReceivedSpan client =
        frameworkSpanWithChildInput("ChatClient.stream", "Who built the Cape Wrath lighthouse?");
    List<ReceivedSpan> children = childrenOf(client);
    assertThat(children)
        .extracting(ReceivedSpan::name)
        .containsExactly("embeddings " + EMBEDDING_MODEL, "chat " + MODEL);
    assertThat(children.get(1).attributes()).containsEntry("gen_ai.request.stream", true);
    assertRetrievedDocumentsWereTheChatsContext(client, children.get(1), LIBRARY);
  }

  @Test
  void toolCallRoundTripIsTwoModelCallsAndAToolSpanUnderTheChatClientCall() {
    List<ReceivedSpan> rounds =
        assertToolRoundTripUnder("ChatClient.call", "What is the weather in Paris?", "Paris");
    ReceivedSpan answered = rounds.get(1);
    assertThat(answered.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(answered).completionTokens());
  }

  /**
   * Spring AI 1.1 runs this tool loop inside the provider's stream ({@code internalStream}), 2.0 in
   * the {@code ToolCallingAdvisor} around the model's streams: either way one streamed chat span
   * per round, each with the usage the server counted for that round, the tool between them.
   */
  @Test
  void streamedToolLoopIsOneChatSpanPerRoundWithItsOwnUsageAndTheToolBetweenThem() {
    List<ReceivedSpan> rounds =
        assertToolRoundTripUnder(
            "ChatClient.stream", "Streamed, please: what is the weather in Lyon?", "Lyon");
    for (ReceivedSpan round : rounds) {
      ServedResponse truth = servedFor(round);
      assertThat(truth.stream()).isTrue();
      assertCompleteStreamWithServedUsage(round, truth);
    }
    assertStreamedFromTheFirstChunk(rounds.get(1), servedFor(rounds.get(1)));
  }

  /**
   * A streamed chat span that ended with its stream's completion, with the usage and finish reason
   * the server sent (not counted from the chunks).
   */
  private static void assertCompleteStreamWithServedUsage(ReceivedSpan span, ServedResponse truth) {
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        .doesNotContainKey("genai_watch.usage.estimated")
        .doesNotContainKey("genai_watch.stream.end");
  }

  /**
   * The {@code name} span around the model call asking for the weather in {@code city}: its
   * children are the round asking for the tool, the tool's execution and the round answering with
   * the tool's result, in that order and without overlap, as the server served them. Returns the
   * two rounds.
   */
  private List<ReceivedSpan> assertToolRoundTripUnder(String name, String question, String city) {
    ReceivedSpan client = frameworkSpanWithChildInput(name, question);
    List<ReceivedSpan> children = childrenOf(client);
    assertThat(children)
        .extracting(ReceivedSpan::name)
        .containsExactly("chat " + MODEL, "execute_tool weather", "chat " + MODEL);
    assertThat(children)
        .extracting(ReceivedSpan::kind)
        .containsExactly("CLIENT", "INTERNAL", "CLIENT");
    ReceivedSpan askedForTool = children.get(0);
    ReceivedSpan tool = children.get(1);
    ReceivedSpan answered = children.get(2);
    ServedResponse.ToolCall call = servedFor(askedForTool).toolCalls().get(0);
    assertThat(askedForTool.attributes())
        .containsEntry("gen_ai.response.finish_reasons", List.of("tool_calls"));
    assertThat(askedForTool.attrString("gen_ai.output.messages"))
        .contains("\"type\":\"tool_call\",\"id\":\"" + call.id() + "\",\"name\":\"weather\"");
    assertThat(askedForTool.endEpochNanos()).isLessThanOrEqualTo(tool.startEpochNanos());
    assertThat(tool.endEpochNanos()).isLessThanOrEqualTo(answered.startEpochNanos());
    String result = "\"sunny, 21 degrees in " + city + "\"";
    assertThat(tool.attributes())
        .containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("gen_ai.tool.name", "weather")
        .containsEntry("gen_ai.tool.call.id", call.id())
        .containsEntry("gen_ai.tool.call.arguments", call.arguments())
        .containsEntry("gen_ai.tool.call.result", result);
    assertThat(answered.attrString("gen_ai.input.messages"))
        .contains(
            "{\"role\":\"tool\",\"parts\":[{\"type\":"
                + "\"tool_call_response\",\"id\":\""
                + call.id()
                + "\"");
    assertThat(servedFor(answered).outputText()).startsWith("Tool said: " + result + ".");
    return List.of(askedForTool, answered);
  }

  @Test
  void chatClientStreamSpanStaysOpenUntilTheStreamEndsAndParentsTheModelStream() {
    ReceivedSpan client =
        frameworkSpanWithChildInput("ChatClient.stream", "Stream a short poem about the sea.");
    assertThat(client.kind()).isEqualTo("INTERNAL");
    List<ReceivedSpan> children = childrenOf(client);
    assertThat(children).hasSize(1);
    ReceivedSpan stream = children.get(0);
    assertThat(stream.attributes()).containsEntry("gen_ai.request.stream", true);
    assertThat(stream.attrDouble("gen_ai.response.time_to_first_chunk")).isPositive();
    assertThat(client.endEpochNanos()).isGreaterThanOrEqualTo(stream.endEpochNanos());
  }

  @Test
  void embeddingsSpansReportTheInputTokensTheServerCounted() {
    // The dimension probe, the vector store's three documents (one request each), the RAG query of
    // the call and of the stream, the application's own embed call.
    assertEmbeddingsSpansReportTheServedInputTokens(7, EMBEDDING_MODEL);
  }

  @Test
  void providerErrorBecomesAnErrorSpanWithTheStatusCode() {
    ReceivedSpan chat = spanWithInput("Trigger 500");
    assertThat(chat.statusCode()).isEqualTo("ERROR");
    assertThat(chat.attrString("error.type")).isEqualTo("500");
    assertThat(chat.events()).anyMatch(e -> e.name().equals("exception"));
  }

  @Test
  void noSecretEverLeavesTheProcess() {
    String everything = TelemetryDump.describe(receiver.telemetry()) + spans;
    assertThat(everything)
        .doesNotContain(API_KEY)
        .doesNotContainIgnoringCase("authorization")
        .doesNotContainIgnoringCase("bearer ");
  }

  ReceivedSpan frameworkSpanWithChildInput(String name, String fragment) {
    ReceivedSpan child = spanWithInput(fragment);
    ReceivedSpan parent =
        spans.stream()
            .filter(s -> s.spanId().equals(child.parentSpanId()))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "span with input '"
                            + fragment
                            + "' has no parent\n"
                            + TelemetryDump.describe(receiver.telemetry())));
    assertThat(parent.name()).isEqualTo(name);
    return parent;
  }
}
