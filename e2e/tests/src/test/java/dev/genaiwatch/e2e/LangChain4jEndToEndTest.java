package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The testapp's LangChain4j scenarios (langchain4j-open-ai against the simulated server), with the
 * real agent jar attached in a forked JVM, and once without it for the reference output. Each test
 * checks one behaviour of the exported spans against what the server actually sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LangChain4jEndToEndTest extends FrameworkEndToEndTest {
  static final String SCENARIOS =
      "langchain4j-chat,langchain4j-chat-stream,langchain4j-ai-service-tool,"
          + "langchain4j-ai-service-stream-tool,langchain4j-ai-service-rag,langchain4j-embeddings,langchain4j-error";
  static final double TTFT_MS = 60;

  /** Framework spans: three AI-service method invocations and two tool executions. */
  static final int FRAMEWORK_SPANS = 5;

  Path appJar() {
    return AgentRun.testappJar();
  }

  Path javaHome() {
    return ForkedJvm.Jdks.current();
  }

  @BeforeAll
  void runTestappWithAndWithoutAgent() {
    server = AgentRun.fastServer(TTFT_MS);
    receiver = OtlpReceiver.start();
    Path java = javaHome();
    withoutAgent =
        AgentRun.testapp(
                appJar(), java, false, SCENARIOS, server.baseUrl(), receiver.httpEndpoint())
            .run();
    server.clearServed();
    withAgent =
        AgentRun.testapp(appJar(), java, true, SCENARIOS, server.baseUrl(), receiver.httpEndpoint())
            .run();
    awaitSpansOf("langchain4j", FRAMEWORK_SPANS);
  }

  @Test
  void applicationOutputIsIdenticalWithAndWithoutTheAgent() {
    assertSameApplicationOutput()
        .contains("langchain4j-ai-service-tool: Tool said: sunny, 21 degrees in Paris.")
        .contains("langchain4j-ai-service-stream-tool: Tool said: sunny, 21 degrees in Oslo.")
        .contains("langchain4j-error: chat 500 -> dev.langchain4j.exception.")
        .contains("langchain4j-error: stream 429 -> dev.langchain4j.exception.");
  }

  @Test
  void exactlyOneClientSpanPerRequestTheServerServed() {
    assertThat(assertOneClientSpanPerServedRequest("langchain4j", 7)).hasSize(7);
  }

  @Test
  void chatSpanCarriesRequestParametersUsageServerAndContent() {
    ReceivedSpan span = spanWithInput("What is the capital of France?");
    ServedResponse truth = servedFor(span);
    assertTestappChatSpan(span, truth, "qwen2.5-7b-instruct");
  }

  @Test
  void streamingSpanEndsOnCompletionWithTimeToFirstChunkAndUsage() {
    ReceivedSpan span = spanWithInput("lighthouse.");
    ServedResponse truth = servedFor(span);
    assertThat(truth.stream()).isTrue();
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.request.max_tokens", 40L)
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        // One partial response per token the server sent.
        .containsEntry("genai_watch.stream.chunks", (long) truth.completionTokens())
        .doesNotContainKey("genai_watch.usage.estimated");
    assertStreamedFromTheFirstChunk(span, truth);
  }

  @Test
  void aiServiceMethodIsAnInternalSpanParentingItsModelCallsAndToolExecution() {
    ReceivedSpan service = spanNamed("WeatherAssistant.chat");
    assertThat(service.kind()).isEqualTo("INTERNAL");
    assertThat(service.isRoot()).isTrue();
    List<ReceivedSpan> children = childrenOf(service);
    assertThat(children)
        .extracting(ReceivedSpan::name)
        .containsExactly(
            "chat qwen2.5-7b-instruct", "execute_tool weather", "chat qwen2.5-7b-instruct");
    assertThat(children).allMatch(c -> c.traceId().equals(service.traceId()));
    assertThat(children)
        .extracting(ReceivedSpan::kind)
        .containsExactly("CLIENT", "INTERNAL", "CLIENT");
  }

  @Test
  void streamingAiServiceSpanStaysOpenUntilTheStreamEndsAndParentsItsStreamedCallsAndTool() {
    ReceivedSpan service = spanNamed("StreamingWeatherAssistant.chat");
    List<ReceivedSpan> children = childrenOf(service);
    assertThat(children)
        .extracting(ReceivedSpan::name)
        .containsExactly(
            "chat qwen2.5-7b-instruct", "execute_tool weather", "chat qwen2.5-7b-instruct");
    assertThat(children)
        .extracting(s -> s.attrBool("gen_ai.request.stream"))
        .containsExactly(true, null, true);
    ReceivedSpan answered = children.get(2);
    assertThat(service.endEpochNanos()).isGreaterThanOrEqualTo(answered.endEpochNanos());
    ServedResponse.ToolCall call = servedFor(children.get(0)).toolCalls().get(0);
    assertThat(children.get(0).attributes())
        .containsEntry("gen_ai.response.finish_reasons", List.of("tool_calls"));
    assertThat(children.get(1).attributes())
        .containsEntry("gen_ai.tool.call.id", call.id())
        .containsEntry("gen_ai.tool.call.arguments", call.arguments())
        .containsEntry("gen_ai.tool.call.result", "sunny, 21 degrees in Oslo");
    assertThat(answered.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(servedFor(answered).outputText()));
    assertThat(answered.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(answered).completionTokens());
  }

  @Test
  void toolCallRoundTripMatchesWhatTheServerSent() {
    List<ReceivedSpan> children = childrenOf(spanNamed("WeatherAssistant.chat"));
    ReceivedSpan askedForTool = children.get(0);
    ReceivedSpan tool = children.get(1);
    ReceivedSpan answered = children.get(2);
    ServedResponse.ToolCall call = servedFor(askedForTool).toolCalls().get(0);

    assertThat(askedForTool.attributes())
        .containsEntry("gen_ai.response.finish_reasons", List.of("tool_calls"));
    assertThat(askedForTool.attrString("gen_ai.output.messages"))
        .isEqualTo(ServedSpans.assistantToolCall(call, "weather", "tool_calls"));
    assertThat(tool.attributes())
        .containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("gen_ai.tool.name", call.name())
        .containsEntry("gen_ai.tool.call.id", call.id())
        .containsEntry("gen_ai.tool.call.arguments", call.arguments())
        .containsEntry("gen_ai.tool.call.result", "sunny, 21 degrees in Paris");
    assertThat(answered.attrString("gen_ai.input.messages"))
        .contains(
            "{\"role\":\"tool\",\"parts\":[{\"type\":"
                + "\"tool_call_response\",\"id\":\""
                + call.id()
                + "\",\"response\":\"sunny, 21 degrees in Paris\"}]}");
    assertThat(answered.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(servedFor(answered).outputText()));
    assertThat(servedFor(answered).outputText())
        .startsWith("Tool said: sunny, 21 degrees in Paris.");
  }

  @Test
  void ragServiceSpanRecordsTheRetrievedDocumentsTheModelWasGiven() {
    ReceivedSpan service = spanNamed("Librarian.answer");
    List<ReceivedSpan> children = childrenOf(service);
    assertThat(children)
        .extracting(ReceivedSpan::name)
        .containsExactly("embeddings text-embedding-3-small", "chat qwen2.5-7b-instruct");
    assertRetrievedDocumentsWereTheChatsContext(service, children.get(1), LIBRARY);
  }

  @Test
  void embeddingsSpansReportTheInputTokensTheServerCounted() {
    assertEmbeddingsSpansReportTheServedInputTokens(3, "text-embedding-3-small");
  }

  @Test
  void providerErrorsBecomeErrorSpansWithTheStatusCode() {
    ReceivedSpan chat = errorSpan("Trigger 500");
    ReceivedSpan stream = errorSpan("Stream with 429");
    assertThat(chat.attrString("error.type")).isEqualTo("500");
    assertThat(chat.events()).anyMatch(e -> e.name().equals("exception"));
    assertThat(stream.attributes())
        .containsEntry("error.type", "429")
        .containsEntry("genai_watch.stream.end", "error");
  }

  @Test
  void noSecretEverLeavesTheProcess() {
    String everything = TelemetryDump.describe(receiver.telemetry()) + spans;
    assertThat(everything).doesNotContain(API_KEY);
  }

  static final String API_KEY = "sk-testapp-0123456789abcdefghij";
  static final List<String> LIBRARY =
      List.of(
          "The lighthouse at Cape Wrath was built in 1828 by Robert Stevenson.",
          "Saffron is harvested by hand from the crocus flower.",
          "The Cape Wrath lighthouse was automated in 1998 and has no keeper.");

  ReceivedSpan spanNamed(String name) {
    return spans.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no span " + name + "\n" + TelemetryDump.describe(receiver.telemetry())));
  }

  ReceivedSpan errorSpan(String fragment) {
    ReceivedSpan span = spanWithInput(fragment);
    assertThat(span.statusCode()).as(span.toString()).isEqualTo("ERROR");
    return span;
  }
}
