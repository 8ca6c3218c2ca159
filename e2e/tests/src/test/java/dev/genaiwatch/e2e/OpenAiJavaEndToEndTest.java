package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.Fault;
import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.MetricPoint;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The testapp, with the real agent jar attached in a forked JVM, runs every OpenAI Java SDK
 * scenario once against the simulated server; a second run without the agent gives the
 * application's reference output. Each test then checks one behaviour of the exported OTLP against
 * what the server actually sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiJavaEndToEndTest extends AgentComparisonTest {
  static final String SCENARIOS =
      "openai-chat,openai-chat-stream,openai-chat-stream-no-usage,"
          + "openai-chat-stream-early-close,openai-chat-async,openai-chat-stream-async,openai-completion,"
          + "openai-embeddings,openai-prefix-cache,openai-redaction,openai-errors,openai-steady,"
          + "openai-responses,openai-responses-stream,openai-responses-stream-early-close,openai-responses-async,"
          + "openai-responses-tools";
  static final double TTFT_MS = 60;

  List<ReceivedSpan> spans;
  List<ServedResponse> served;

  @BeforeAll
  void runTestappWithAndWithoutAgent() {
    server = AgentRun.fastServer(TTFT_MS);
    receiver = OtlpReceiver.start();
    runTestappWithoutThenWithAgent(SCENARIOS);
    served = server.served();
    // The server logs a response once it has finished it. The client gives up on the slow first
    // byte
    // (its timeout) long before that, so the slow response of either run may land in this list or
    // not, whatever the timing: count that call from the client's side instead.
    int generationRequests =
        (int)
            served.stream()
                .filter(s -> s.httpStatus() > 0 && !(s.fault() instanceof Fault.SlowFirstByte))
                .count();
    int abandonedByTheClient = 1;
    // Every request that reached the server, plus the one refused connection.
    spans = awaitInstrumentationSpans("openai-java", generationRequests + abandonedByTheClient + 1);
  }

  @Test
  void applicationOutputIsIdenticalWithAndWithoutTheAgent() {
    assertSameApplicationOutput()
        .contains("openai-errors: chat fault 429 -> com.openai.errors.RateLimitException");
  }

  @Test
  void exactlyOneClientSpanPerRequestTheServerServed() {
    // Faulted responses (timeouts, cut streams) may never show the client an id; their spans are
    // checked below.
    // Embedding responses carry no id on the wire; their span is checked in
    // embeddingsSpanReportsInputTokens.
    List<String> servedIds =
        served.stream()
            .filter(s -> s.httpStatus() == 200 && s.fault() == null)
            .filter(s -> !s.endpoint().equals(ServedResponse.EMBEDDINGS))
            .map(ServedResponse::id)
            .toList();
    assertThat(servedIds).hasSizeGreaterThan(15);
    Map<String, Long> spansPerResponseId = ServedSpans.countPerResponseId(spans);
    assertThat(spansPerResponseId.keySet()).containsAll(servedIds);
    assertThat(spansPerResponseId.values()).allMatch(n -> n == 1);
    assertThat(spans).allMatch(s -> s.kind().equals("CLIENT"));
  }

  @Test
  void chatSpanCarriesRequestParametersUsageAndServer() {
    ReceivedSpan span = spanWithInput("What is the capital of France?");
    ServedResponse truth = servedFor(span);
    assertThat(span.name()).isEqualTo("chat qwen2.5-7b-instruct");
    Map<String, Object> a = span.attributes();
    ServedSpans.assertChatWithTestappOptions(span, truth, "qwen2.5-7b-instruct", server.port());
    assertThat(a).containsEntry("genai_watch.instrumentation", "openai-java");
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
    assertThat(span.attrDouble("genai_watch.output_tokens_per_second")).isPositive();
  }

  @Test
  void chatSpanSummarisesLogprobsWhenRequested() {
    ReceivedSpan span = spanWithInput("What is the capital of France?");
    assertThat(servedFor(span).logprobsReturned()).isTrue();
    assertThat(span.attrDouble("genai_watch.logprobs.mean")).isBetween(-5.0, 0.0);
    assertThat(span.attrDouble("genai_watch.logprobs.min"))
        .isLessThanOrEqualTo(span.attrDouble("genai_watch.logprobs.mean"));
    assertThat(span.attrLong("genai_watch.logprobs.low_confidence_tokens")).isNotNull();
  }

  @Test
  void chatSpanCapturesContentAsSemconvJson() {
    ReceivedSpan span = spanWithInput("What is the capital of France?");
    assertThat(span.attrString("gen_ai.input.messages"))
        .isEqualTo(ServedSpans.userMessage("What is the capital of France?"));
    ServedResponse truth = servedFor(span);
    ServedSpans.assertSystemAndTextAnswer(
        span, ServedSpans.TESTAPP_SYSTEM, truth.outputText(), truth.finishReason());
    assertThat(span.attrLong("genai_watch.content.redactions")).isZero();
  }

  @Test
  void streamingSpanMeasuresTimeToFirstChunkAgainstTheServersDelay() {
    ReceivedSpan span = spanWithInput("lighthouse");
    ServedResponse truth = servedFor(span);
    assertThat(span.attrBool("gen_ai.request.stream")).isTrue();
    double ttft = span.attrDouble("gen_ai.response.time_to_first_chunk");
    assertThat(ttft).isGreaterThanOrEqualTo(truth.injectedFirstTokenDelayNanos() / 1e9);
    assertThat(ttft).isGreaterThanOrEqualTo(TTFT_MS / 1000);
    assertThat(ttft).isLessThanOrEqualTo(span.durationSeconds());
    assertThat(span.attrDouble("genai_watch.time_per_output_token")).isPositive();
    assertThat(span.attrDouble("genai_watch.output_tokens_per_second")).isPositive();
  }

  @Test
  void streamingSpanTakesUsageFromTheFinalUsageChunk() {
    ReceivedSpan span = spanWithInput("lighthouse");
    ServedResponse truth = servedFor(span);
    assertThat(truth.includeUsage()).isTrue();
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
        .doesNotContainKey("genai_watch.usage.estimated");
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  @Test
  void streamingSpanWithoutUsageChunkEstimatesOutputTokensFromChunks() {
    ReceivedSpan span = spanWithInput("Describe the sea");
    ServedResponse truth = servedFor(span);
    assertThat(truth.includeUsage()).isFalse();
    assertThat(span.attributes())
        .containsEntry("genai_watch.usage.estimated", true)
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .doesNotContainKey("gen_ai.usage.input_tokens");
  }

  @Test
  void streamClosedEarlyByTheApplicationStillEndsItsSpan() {
    ReceivedSpan span = spanWithInput("Count slowly");
    ServedSpans.assertClosedByTheApplicationAfter(span, 3);
  }

  @Test
  void asyncChatSpanEndsWhenTheFutureCompletes() {
    ReceivedSpan span = spanWithInput("primary colours");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens());
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  @Test
  void asyncStreamingSpanEndsOnTheHandlersCompletion() {
    ReceivedSpan span = spanWithInput("haiku about autumn");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens());
    assertThat(span.attrDouble("gen_ai.response.time_to_first_chunk"))
        .isGreaterThanOrEqualTo(TTFT_MS / 1000);
  }

  @Test
  void legacyCompletionsAreTextCompletionSpans() {
    List<ReceivedSpan> completions =
        spans.stream()
            .filter(s -> "text_completion".equals(s.attrString("gen_ai.operation.name")))
            .toList();
    assertThat(completions).hasSize(2);
    assertThat(completions)
        .extracting(s -> s.attrBool("gen_ai.request.stream"))
        .containsExactlyInAnyOrder(true, false);
    for (ReceivedSpan span : completions) {
      assertThat(span.attributes())
          .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(span).completionTokens());
      assertThat(span.name()).isEqualTo("text_completion qwen2.5-7b-instruct");
    }
  }

  @Test
  void embeddingsSpanReportsInputTokens() {
    ServedSpans.assertEmbeddings(spans, served, () -> TelemetryDump.describe(receiver.telemetry()));
  }

  @Test
  void repeatedPrefixIsReportedAsCachedInputTokens() {
    List<ReceivedSpan> cacheSpans =
        spans.stream()
            .filter(
                s ->
                    s.attrString("gen_ai.system_instructions") != null
                        && s.attrString("gen_ai.system_instructions")
                            .contains("refunds are processed"))
            .toList();
    assertThat(cacheSpans).hasSize(2);
    long maxCached =
        cacheSpans.stream()
            .mapToLong(s -> s.attrLong("gen_ai.usage.cache_read.input_tokens"))
            .max()
            .orElse(0);
    assertThat(maxCached).isPositive();
    for (ReceivedSpan span : cacheSpans) {
      assertThat(span.attrLong("gen_ai.usage.cache_read.input_tokens"))
          .isEqualTo(servedFor(span).cachedTokens());
    }
  }

  @Test
  void secretsAndEmailsAreRedactedInCapturedContent() {
    ReceivedSpan span = spanWithInput("My key is");
    String input = span.attrString("gen_ai.input.messages");
    String output = span.attrString("gen_ai.output.messages");
    for (String content : List.of(input, output)) {
      assertThat(content)
          .doesNotContain("sk-proj-AbCd", "jane.doe@example.com", "abc.def.ghijklmnop")
          .contains("<API_KEY>", "<EMAIL>", "Bearer <TOKEN>");
    }
    assertThat(span.attrLong("genai_watch.content.redactions")).isEqualTo(6);
  }

  @Test
  void noSecretEverLeavesTheProcess() {
    assertNoSecretOrHeaderWasExported(spans, "sk-testapp-0123456789abcdefghij", "sk-proj-AbCd");
  }

  @Test
  void httpErrorsBecomeErrorSpansWithTheStatusCode() {
    assertThat(errorSpan("Trigger 429").attrString("error.type")).isEqualTo("429");
    assertThat(errorSpan("Trigger 500").attrString("error.type")).isEqualTo("500");
    assertThat(errorSpan("Stream with 429").attrString("error.type")).isEqualTo("429");
    assertThat(errorSpan("Trigger 429").events()).anyMatch(e -> e.name().equals("exception"));
  }

  @Test
  void clientTimeoutBecomesTimeoutError() {
    assertThat(errorSpan("Trigger slow-first-byte").attrString("error.type")).isEqualTo("timeout");
  }

  @Test
  void refusedConnectionIsAnErrorSpanWithTheExceptionClass() {
    ReceivedSpan span =
        spans.stream()
            .filter(s -> Objects.equals(s.attrLong("server.port"), 1L))
            .findFirst()
            .orElseThrow();
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attrString("error.type")).isEqualTo("com.openai.errors.OpenAIIoException");
  }

  @Test
  void streamCutMidwayEndsItsSpanWithAnErrorAndWhatWasSeen() {
    ReceivedSpan span = errorSpan("Stream with cut-stream");
    assertThat(span.attributes()).containsEntry("genai_watch.stream.end", "error");
    assertThat(span.attrLong("genai_watch.stream.chunks")).isGreaterThanOrEqualTo(3);
    assertThat(span.attrString("gen_ai.output.messages")).isNotEmpty();
  }

  @Test
  void malformedChunkEndsTheStreamSpanWithAnError() {
    ReceivedSpan span = errorSpan("Stream with malformed-chunk");
    assertThat(span.attrString("error.type")).isNotBlank();
    assertThat(withAgent.stdout()).contains("stream fault malformed-chunk:2 -> ");
  }

  @Test
  void durationHistogramUsesTheContractsBucketsAndAttributes() {
    List<MetricPoint> points =
        receiver
            .telemetry()
            .awaitMetricPoints(
                "gen_ai.client.operation.duration",
                p -> "chat".equals(p.attrString("gen_ai.operation.name")),
                1,
                Duration.ofSeconds(10));
    MetricPoint ok =
        points.stream()
            .filter(
                p ->
                    p.attrString("error.type") == null
                        && Objects.equals(p.attrLong("server.port"), (long) server.port()))
            .findFirst()
            .orElseThrow();
    assertThat(ok.unit()).isEqualTo("s");
    assertThat(ok.explicitBounds())
        .containsExactly(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    assertThat(ok.attributes())
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "qwen2.5-7b-instruct")
        .containsEntry("gen_ai.response.model", "qwen2.5-7b-instruct")
        .containsEntry("server.address", "127.0.0.1");
    long chatSpans =
        spans.stream().filter(s -> "chat".equals(s.attrString("gen_ai.operation.name"))).count();
    assertThat(points.stream().mapToLong(MetricPoint::count).sum()).isEqualTo(chatSpans);
    assertThat(points).anyMatch(p -> "429".equals(p.attrString("error.type")));
  }

  @Test
  void tokenUsageHistogramAddsUpToWhatTheServerReported() {
    List<MetricPoint> points =
        receiver
            .telemetry()
            .awaitMetricPoints("gen_ai.client.token.usage", p -> true, 2, Duration.ofSeconds(10));
    double inputSum =
        points.stream()
            .filter(p -> "input".equals(p.attrString("gen_ai.token.type")))
            .mapToDouble(MetricPoint::sum)
            .sum();
    double spanInput =
        spans.stream()
            .filter(s -> !Boolean.TRUE.equals(s.attrBool("genai_watch.usage.estimated")))
            .map(s -> s.attrLong("gen_ai.usage.input_tokens"))
            .filter(Objects::nonNull)
            .mapToLong(Long::longValue)
            .sum();
    assertThat(inputSum).isEqualTo(spanInput);
    assertThat(points.get(0).explicitBounds()).startsWith(1.0, 4.0, 16.0);
  }

  @Test
  void streamingMetricsRecordTimeToFirstChunkAndTimePerChunk() {
    List<MetricPoint> ttft =
        receiver
            .telemetry()
            .awaitMetricPoints(
                "gen_ai.client.operation.time_to_first_chunk",
                p -> true,
                1,
                Duration.ofSeconds(10));
    assertThat(ttft.stream().mapToDouble(MetricPoint::min).min().orElseThrow())
        .isGreaterThanOrEqualTo(TTFT_MS / 1000);
    List<MetricPoint> perChunk =
        receiver
            .telemetry()
            .awaitMetricPoints(
                "gen_ai.client.operation.time_per_output_chunk",
                p -> true,
                1,
                Duration.ofSeconds(10));
    assertThat(perChunk.stream().mapToLong(MetricPoint::count).sum()).isPositive();
    List<MetricPoint> tps =
        receiver
            .telemetry()
            .awaitMetricPoints(
                "genai_watch.client.output_tokens_per_second",
                p -> true,
                1,
                Duration.ofSeconds(10));
    assertThat(tps.get(0).unit()).isEqualTo("{token}/s");
  }

  @Test
  void resourceCarriesServiceNameAndResourceAttributes() {
    assertThat(spans.get(0).resourceAttributes())
        .containsEntry("service.name", "e2e-testapp")
        .containsEntry("deployment.environment.name", "e2e")
        .containsEntry("team", "genai");
  }

  @Test
  void trafficRunProducesOneSpanPerRequest() {
    long steady =
        spans.stream()
            .filter(
                s ->
                    s.attrString("gen_ai.system_instructions") != null
                        && s.attrString("gen_ai.system_instructions").contains("Answer briefly"))
            .count();
    assertThat(steady).isEqualTo(8);
    assertThat(withAgent.stdout()).contains("openai-steady: 8 requests");
  }

  @Test
  void responsesApiCallIsAChatSpanWithItsParametersUsageAndContent() {
    ReceivedSpan span = spanWithInput("Which river flows through Prague?");
    ServedResponse truth = servedFor(span);
    assertThat(truth.endpoint()).isEqualTo(ServedResponse.RESPONSES);
    assertThat(span.name()).isEqualTo("chat qwen2.5-7b-instruct");
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("openai.api.type", "responses")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("genai_watch.instrumentation", "openai-java")
        .containsEntry("gen_ai.request.model", "qwen2.5-7b-instruct")
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.request.max_tokens", 24L)
        .containsEntry("gen_ai.request.temperature", 0.2)
        .containsEntry("gen_ai.request.top_p", 0.9)
        .containsEntry("gen_ai.request.stream", false)
        .containsEntry("gen_ai.usage.reasoning.output_tokens", (long) truth.reasoningTokens());
    ServedSpans.assertServedUsageAndServer(span, truth, server.port());
    assertThat(truth.reasoningTokens()).isPositive();
    assertThat(span.attrString("gen_ai.input.messages"))
        .isEqualTo(ServedSpans.userMessage("Which river flows through Prague?"));
    ServedSpans.assertSystemAndTextAnswer(
        span, ServedSpans.TESTAPP_SYSTEM, truth.outputText(), truth.finishReason());
  }

  @Test
  void responsesApiStreamTimesItsDeltasAndTakesUsageFromTheCompletedEvent() {
    ReceivedSpan span = spanWithInput("short story about a ferry");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("openai.api.type", "responses")
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
        .containsEntry("gen_ai.usage.reasoning.output_tokens", (long) truth.reasoningTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
        .doesNotContainKey("genai_watch.usage.estimated")
        .doesNotContainKey("genai_watch.stream.end");
    double ttft = span.attrDouble("gen_ai.response.time_to_first_chunk");
    assertThat(ttft)
        .isGreaterThanOrEqualTo(truth.injectedFirstTokenDelayNanos() / 1e9)
        .isGreaterThanOrEqualTo(TTFT_MS / 1000)
        .isLessThanOrEqualTo(span.durationSeconds());
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  @Test
  void responsesApiStreamClosedEarlyEndsItsSpanClosedWithWhatArrived() {
    ReceivedSpan span = spanWithInput("Count slowly from one to forty");
    ServedSpans.assertClosedByTheApplicationAfter(span, 5);
    assertThat(span.attributes()).containsEntry("gen_ai.response.id", servedFor(span).id());
  }

  @Test
  void responsesApiAsyncCallsEndWhenTheFutureAndTheStreamComplete() {
    for (String input : List.of("northern islands", "haiku about fog")) {
      ReceivedSpan span = spanWithInput(input);
      ServedResponse truth = servedFor(span);
      assertThat(span.attributes())
          .containsEntry("openai.api.type", "responses")
          .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens());
      assertThat(span.attrString("gen_ai.output.messages"))
          .contains(ServedSpans.json(truth.outputText()));
    }
    assertThat(spanWithInput("haiku about fog").attrDouble("gen_ai.response.time_to_first_chunk"))
        .isGreaterThanOrEqualTo(TTFT_MS / 1000);
  }

  @Test
  void responsesApiFunctionCallAndItsOutputAreToolCallMessages() {
    ReceivedSpan call = spanWithInput("weather in Lisbon");
    ServedResponse truth = servedFor(call);
    assertThat(truth.toolCalls()).hasSize(1);
    assertThat(call.attributes())
        .containsEntry("gen_ai.response.finish_reasons", List.of("tool_calls"));
    assertThat(call.attrString("gen_ai.output.messages"))
        .contains("\"type\":\"tool_call\"")
        .contains("\"id\":\"" + truth.toolCalls().get(0).id() + "\"")
        .contains("\"name\":\"get_weather\"");
    ReceivedSpan answer = spanWithInput("sunny, 24 C");
    assertThat(answer.attrString("gen_ai.input.messages"))
        .contains("\"type\":\"tool_call_response\"")
        .contains(truth.toolCalls().get(0).id());
    assertThat(answer.attrString("gen_ai.output.messages")).contains("Tool said: sunny, 24 C.");
  }

  @Test
  void everyResponsesApiRequestBlockingOrAsyncCarriedItsSpansTraceparentToTheServer() {
    List<String> traceparents =
        server.received().stream()
            .filter(r -> r.path().equals("/v1/responses"))
            .map(ReceivedRequest::traceparent)
            .filter(Objects::nonNull)
            .toList();
    List<ReceivedSpan> responses =
        spans.stream().filter(s -> "responses".equals(s.attrString("openai.api.type"))).toList();
    assertThat(responses).hasSize(7);
    assertThat(traceparents).hasSize(responses.size());
    assertCarriedTheirTraceparents(responses, traceparents);
  }

  @Test
  void asyncChatCallsCarryTheirSpansTraceparentThoughTheSdkSendsFromAPoolThread() {
    List<String> traceparents =
        server.received().stream()
            .filter(r -> r.path().equals("/v1/chat/completions"))
            .map(ReceivedRequest::traceparent)
            .filter(Objects::nonNull)
            .toList();
    assertCarriedTheirTraceparents(
        List.of(spanWithInput("primary colours"), spanWithInput("haiku about autumn")),
        traceparents);
  }

  private static void assertCarriedTheirTraceparents(
      List<ReceivedSpan> calls, List<String> traceparents) {
    assertThat(calls)
        .allSatisfy(
            s ->
                assertThat(traceparents)
                    .anyMatch(tp -> tp.startsWith("00-" + s.traceId() + "-" + s.spanId() + "-")));
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(spans, fragment, this::describeRun);
  }

  ReceivedSpan errorSpan(String fragment) {
    ReceivedSpan span = spanWithInput(fragment);
    assertThat(span.statusCode()).as(span.toString()).isEqualTo("ERROR");
    return span;
  }

  ServedResponse servedFor(ReceivedSpan span) {
    return ServedSpans.servedFor(served, span);
  }
}
