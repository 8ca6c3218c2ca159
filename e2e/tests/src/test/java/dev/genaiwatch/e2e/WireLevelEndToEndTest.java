package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw JDK HttpClient code (no SDK) against the simulated vLLM-like server, with the real agent jar
 * in a forked JVM and without it: the application must receive the same bytes (each scenario prints
 * the SHA-256 of every body), and the wire-level spans must match what the server says it sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireLevelEndToEndTest extends AgentComparisonTest {
  static final String SCENARIOS =
      "jdk-chat,jdk-chat-async,jdk-chat-stream,jdk-chat-stream-async,jdk-chat-stream-publisher,"
          + "jdk-chat-stream-early-close,jdk-completion-stream,jdk-embeddings,jdk-gateway,jdk-errors,jdk-not-llm,"
          + "jdk-responses,jdk-anthropic,jdk-gemini";
  static final double TTFT_MS = 60;

  List<ReceivedSpan> spans;
  List<ServedResponse> served;

  @BeforeAll
  void runScenariosWithAndWithoutAgent() {
    receiver = OtlpReceiver.start();
    runTestappOnFreshServers(
        WireLevelEndToEndTest::startServer,
        SCENARIOS,
        SCENARIOS,
        agentRun -> agentRun.env("GENAI_WATCH_WIRE_PATHS", "/gateway/*/chat"));
    served = server.served();
    spans = awaitInstrumentationSpans("jdk-httpclient", served.size());
  }

  static SimulatedLlmServer startServer() {
    return AgentRun.fastServer(TTFT_MS);
  }

  @Test
  void theApplicationReceivesTheSameBytesWithAndWithoutTheAgent() {
    assertSameApplicationOutput();
    assertThat(withAgent.appStdoutLines())
        .filteredOn(l -> l.contains("sha256="))
        .hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void exactlyOneClientSpanPerLlmRequestAndNoneForOtherRequests() {
    assertThat(spans).as(TelemetryDump.describe(receiver.telemetry())).hasSize(served.size());
    Map<String, Long> perId = ServedSpans.countPerResponseId(spans);
    List<String> servedIds =
        served.stream()
            .filter(s -> s.httpStatus() == 200)
            .filter(s -> !s.endpoint().equals(ServedResponse.EMBEDDINGS))
            .map(ServedResponse::id)
            .toList();
    assertThat(perId.keySet()).containsAll(servedIds);
    assertThat(perId.values()).allMatch(n -> n == 1);
    assertThat(spans).allMatch(s -> s.kind().equals("CLIENT"));
    // GET /v1/models and GET /health went to the same server: no GenAI span of any kind for them.
    assertThat(receiver.telemetry().spans()).hasSize(spans.size());
  }

  @Test
  void blockingChatSpanCarriesEveryRequestParameterUsageAndLogprobs() {
    ReceivedSpan span = spanWithInput("Which river flows through Vienna?");
    ServedResponse truth = servedFor(span);
    assertThat(span.name()).isEqualTo("chat qwen2.5-7b-instruct");
    ServedSpans.assertChatWithTestappOptions(span, truth, "qwen2.5-7b-instruct", server.port());
    assertThat(span.attributes()).containsEntry("genai_watch.instrumentation", "jdk-httpclient");
    ServedSpans.assertSystemAndTextAnswer(
        span, ServedSpans.TESTAPP_SYSTEM, truth.outputText(), truth.finishReason());
    assertThat(truth.logprobsReturned()).isTrue();
    assertThat(span.attrDouble("genai_watch.logprobs.mean")).isBetween(-5.0, 0.0);
    assertThat(span.attrLong("genai_watch.logprobs.low_confidence_tokens")).isNotNull();
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void asyncChatSpanEndsWithTheBody() {
    ReceivedSpan span = spanWithInput("autumn leaves");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.request.stream", false);
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  @Test
  void streamedChatSpansMeasureTimeToFirstChunkAndTakeUsageFromTheUsageChunk() {
    for (String input : List.of("windmill", "harbour at dawn", "mountain village")) {
      ReceivedSpan span = spanWithInput(input);
      ServedResponse truth = servedFor(span);
      assertThat(truth.includeUsage()).isTrue();
      assertThat(span.attributes())
          .containsEntry("gen_ai.request.stream", true)
          .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
          .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
          .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
          .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
          .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
          .doesNotContainKey("genai_watch.usage.estimated")
          .doesNotContainKey("genai_watch.stream.end");
      ServedSpans.assertStreamedFromTheFirstChunk(span, truth);
    }
  }

  @Test
  void streamTheApplicationStopsReadingEndsClosedWithWhatArrived() {
    ReceivedSpan span = spanWithInput("Count slowly");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes()).containsEntry("genai_watch.stream.end", "closed");
    // The app read 3 events; the client may have received more from the network before it stopped.
    assertThat(span.attrLong("genai_watch.stream.chunks")).isBetween(3L, (long) truth.chunkCount());
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void streamedLegacyCompletionIsATextCompletionSpanWithLogprobs() {
    ReceivedSpan span = spanWithInput("Once upon a time");
    ServedResponse truth = servedFor(span);
    assertThat(span.name()).isEqualTo("text_completion qwen2.5-7b-instruct");
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount());
    assertThat(span.attrDouble("genai_watch.logprobs.mean")).isNotNull();
  }

  @Test
  void embeddingsSpanReportsInputTokens() {
    ServedSpans.assertEmbeddings(spans, served, () -> TelemetryDump.describe(receiver.telemetry()));
  }

  @Test
  void gatewayPathUnderAConfiguredPatternIsAChatSpan() {
    ReceivedSpan span = spanWithInput("gateway guard");
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(span).completionTokens());
  }

  @Test
  void httpErrorIsAnErrorSpanWithTheStatusCode() {
    ReceivedSpan span = spanWithInput("Trigger 429 raw");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attrString("error.type")).isEqualTo("429");
  }

  @Test
  void streamCutMidwayEndsItsSpanWithAnErrorAndWhatWasSeen() {
    ReceivedSpan span = spanWithInput("Stream cut raw");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attributes())
        .containsEntry("genai_watch.stream.end", "error")
        .containsEntry("error.type", "java.io.IOException");
    assertThat(span.attrLong("genai_watch.stream.chunks")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void noSecretOrHeaderOrPathEverLeavesTheProcess() {
    assertNoSecretOrHeaderWasExported(
        spans, "sk-testapp-0123456789abcdefghij", "/gateway/team-a", "/v1/chat");
  }

  @Test
  void responsesApiJsonAndSseAreChatSpansMatchingWhatWasServedWithTheirTraceparent() {
    ReceivedSpan json = spanWithInput("Name a blue fish.");
    ReceivedSpan sse = spanWithInput("Describe a lagoon.");
    ResponsesWireSpans.assertJsonAndSse(
        json, sse, this::servedFor, "jdk-httpclient", server.port());
    ResponsesWireSpans.assertTraceparents(server.received(), List.of(json, sse));
  }

  @Test
  void anthropicAndGeminiFormatsAreTheirProvidersChatSpansMatchingWhatWasServed() {
    List<ReceivedSpan> anthropic =
        List.of(spanWithInput("river flows through Lyon"), spanWithInput("river delta"));
    List<ReceivedSpan> gemini =
        List.of(spanWithInput("river flows through Cologne"), spanWithInput("glacier"));
    for (ReceivedSpan span : anthropic) {
      ProviderWireSpans.assertAnthropic(span, servedFor(span), "jdk-httpclient", server.port());
    }
    for (ReceivedSpan span : gemini) {
      ProviderWireSpans.assertGemini(span, servedFor(span), "jdk-httpclient", server.port());
    }
    assertThat(anthropic).extracting(s -> servedFor(s).stream()).containsExactly(false, true);
    assertThat(gemini).extracting(s -> servedFor(s).stream()).containsExactly(false, true);
    ProviderWireSpans.assertTraceparents(server.received(), "/v1/messages"::equals, anthropic);
    ProviderWireSpans.assertTraceparents(
        server.received(), p -> p.contains("enerateContent"), gemini);
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(spans, fragment, this::describeRun);
  }

  ServedResponse servedFor(ReceivedSpan span) {
    return ServedSpans.servedFor(served, span);
  }
}
