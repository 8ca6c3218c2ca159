package dev.genaiwatch.core;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_CHOICE_COUNT;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_FREQUENCY_PENALTY;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_PRESENCE_PENALTY;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_SEED;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_STOP_SEQUENCES;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TEMPERATURE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_P;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.content.Redactor;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.testing.ExportingSdk;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenAiInstrumenterTest {
  private static final String MODEL = "qwen2.5-7b-instruct";
  private static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Double> TOKEN_BUCKETS =
      List.of(
          1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d, 262144d, 1048576d, 4194304d,
          16777216d, 67108864d);
  private static final List<Double> TPS_BUCKETS =
      List.of(1d, 2d, 5d, 10d, 20d, 50d, 100d, 200d, 500d, 1000d, 2000d);

  private static final String DURATION = "gen_ai.client.operation.duration";
  private static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  private static final String TTFT = "gen_ai.client.operation.time_to_first_chunk";
  private static final String TIME_PER_OUTPUT_CHUNK =
      "gen_ai.client.operation.time_per_output_chunk";
  private static final String TPS = "genai_watch.client.output_tokens_per_second";

  private final ObjectMapper json = new ObjectMapper();
  private InMemorySpanExporter spans;
  private InMemoryMetricReader metricReader;
  private OpenTelemetrySdk sdk;
  private GenAiInstrumenter instrumenter;

  @BeforeEach
  void setUp() {
    spans = InMemorySpanExporter.create();
    metricReader = InMemoryMetricReader.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
            .build();
    instrumenter = ExportingSdk.instrumenterOn(sdk, true, 8192);
  }

  @AfterEach
  void tearDown() {
    sdk.close();
  }

  private static LlmCall chat(boolean stream) {
    LlmCall call = new LlmCall();
    call.instrumentation = "openai-java";
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = MODEL;
    call.serverAddress = "vllm.internal";
    call.serverPort = 8000L;
    call.stream = stream;
    return call;
  }

  private SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private Optional<MetricData> metric(String name) {
    return metricReader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst();
  }

  private List<HistogramPointData> points(String name) {
    return new ArrayList<>(
        metric(name)
            .orElseThrow(() -> new AssertionError("no metric " + name))
            .getHistogramData()
            .getPoints());
  }

  private HistogramPointData onlyPoint(String name) {
    List<HistogramPointData> points = points(name);
    assertThat(points).hasSize(1);
    return points.get(0);
  }

  // ---- span identity
  // ------------------------------------------------------------------------------

  @Test
  void spanIsNamedOperationSpaceRequestModel() {
    instrumenter.start(chat(false)).end();

    assertThat(onlySpan().getName()).isEqualTo("chat qwen2.5-7b-instruct");
  }

  @Test
  void spanWithoutRequestModelIsNamedByOperationAlone() {
    LlmCall call = chat(false);
    call.requestModel = null;
    instrumenter.start(call).end();

    assertThat(onlySpan().getName()).isEqualTo("chat");
  }

  @Test
  void spanKindIsClient() {
    instrumenter.start(chat(false)).end();

    assertThat(onlySpan().getKind()).isEqualTo(SpanKind.CLIENT);
  }

  @Test
  void spanIsChildOfTheApplicationsCurrentSpan() {
    Span parent = sdk.getTracer("app").spanBuilder("handle request").startSpan();
    ActiveLlmCall active;
    try (Scope ignored = parent.makeCurrent()) {
      active = instrumenter.start(chat(false));
    }
    active.end();
    parent.end();

    SpanData child =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().startsWith("chat"))
            .findFirst()
            .orElseThrow();
    assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(child.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  @Test
  void spanWithoutCurrentSpanIsARoot() {
    instrumenter.start(chat(false)).end();

    assertThat(onlySpan().getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void callContextCarriesTheActiveCallAndItsSpan() {
    ActiveLlmCall active = instrumenter.start(chat(false));

    assertThat(GenAiInstrumenter.activeCall(active.context())).isSameAs(active);
    assertThat(Span.fromContext(active.context())).isSameAs(active.span());
    active.end();
  }

  @Test
  void contextWithoutACallHasNoActiveCall() {
    assertThat(GenAiInstrumenter.activeCall(Context.root())).isNull();
  }

  @Test
  void makeCurrentExposesTheCallToLowerLayers() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    try (Scope ignored = active.makeCurrent()) {
      assertThat(GenAiInstrumenter.activeCall(Context.current())).isSameAs(active);
      assertThat(Span.current()).isSameAs(active.span());
    }
    assertThat(GenAiInstrumenter.activeCall(Context.current())).isNull();
    active.end();
  }

  // ---- request and response attributes
  // ------------------------------------------------------------

  @Test
  void everyRequestAttributeIsRecorded() {
    LlmCall call = chat(false);
    call.conversationId = "conv-42";
    call.maxTokens = 256L;
    call.temperature = 0.2;
    call.topP = 0.9;
    call.frequencyPenalty = 0.5;
    call.presencePenalty = -0.5;
    call.stopSequences = List.of("\n\n", "END");
    call.seed = 7L;
    call.choiceCount = 2L;
    instrumenter.start(call).end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(GEN_AI_PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(GEN_AI_REQUEST_MODEL)).isEqualTo(MODEL);
    assertThat(a.get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("vllm.internal");
    assertThat(a.get(ServerAttributes.SERVER_PORT)).isEqualTo(8000L);
    assertThat(a.get(GEN_AI_CONVERSATION_ID)).isEqualTo("conv-42");
    assertThat(a.get(GEN_AI_REQUEST_MAX_TOKENS)).isEqualTo(256L);
    assertThat(a.get(GEN_AI_REQUEST_TEMPERATURE)).isEqualTo(0.2);
    assertThat(a.get(GEN_AI_REQUEST_TOP_P)).isEqualTo(0.9);
    assertThat(a.get(GEN_AI_REQUEST_FREQUENCY_PENALTY)).isEqualTo(0.5);
    assertThat(a.get(GEN_AI_REQUEST_PRESENCE_PENALTY)).isEqualTo(-0.5);
    assertThat(a.get(GEN_AI_REQUEST_STOP_SEQUENCES)).containsExactly("\n\n", "END");
    assertThat(a.get(GEN_AI_REQUEST_SEED)).isEqualTo(7L);
    assertThat(a.get(GEN_AI_REQUEST_CHOICE_COUNT)).isEqualTo(2L);
    assertThat(a.get(GEN_AI_REQUEST_STREAM)).isFalse();
    assertThat(a.get(GenAiWatchAttributes.INSTRUMENTATION)).isEqualTo("openai-java");
  }

  @Test
  void requestParametersTheCallerDidNotSetAreAbsent() {
    instrumenter.start(chat(false)).end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_CONVERSATION_ID)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_MAX_TOKENS)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_TEMPERATURE)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_TOP_P)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_FREQUENCY_PENALTY)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_PRESENCE_PENALTY)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_STOP_SEQUENCES)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_SEED)).isNull();
    assertThat(a.get(GEN_AI_REQUEST_CHOICE_COUNT)).isNull();
  }

  @Test
  void requestStreamFlagIsTrueForStreams() {
    instrumenter.start(chat(true)).end();

    assertThat(onlySpan().getAttributes().get(GEN_AI_REQUEST_STREAM)).isTrue();
  }

  @Test
  void responseIdModelAndFinishReasonsAreRecorded() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().responseId = "chatcmpl-123";
    active.call().responseModel = "Qwen/Qwen2.5-7B-Instruct";
    active.call().addFinishReason("stop");
    active.call().addFinishReason("length");
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_RESPONSE_ID)).isEqualTo("chatcmpl-123");
    assertThat(a.get(GEN_AI_RESPONSE_MODEL)).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
    assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop", "length");
  }

  @Test
  void unknownResponseAttributesAreAbsent() {
    instrumenter.start(chat(false)).end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_RESPONSE_ID)).isNull();
    assertThat(a.get(GEN_AI_RESPONSE_MODEL)).isNull();
    assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).isNull();
    assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isNull();
    assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(a.get(GenAiWatchAttributes.OUTPUT_TOKENS_PER_SECOND)).isNull();
  }

  @Test
  void usageIncludingCacheReadAndReasoningTokensIsRecorded() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().inputTokens = 120L;
    active.call().outputTokens = 30L;
    active.call().cacheReadInputTokens = 96L;
    active.call().reasoningOutputTokens = 12L;
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(120L);
    assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(30L);
    assertThat(a.get(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(96L);
    assertThat(a.get(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(12L);
    assertThat(a.get(GenAiWatchAttributes.USAGE_ESTIMATED)).isNull();
  }

  @Test
  void logprobSummaryIsRecordedWhenTheResponseCarriesLogprobs() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().logprobs.add(-0.1);
    active.call().logprobs.add(-3.0);
    active.call().logprobs.add(-0.5);
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GenAiWatchAttributes.LOGPROBS_MEAN)).isCloseTo(-1.2, within(1e-9));
    assertThat(a.get(GenAiWatchAttributes.LOGPROBS_MIN)).isEqualTo(-3.0);
    assertThat(a.get(GenAiWatchAttributes.LOGPROBS_LOW_CONFIDENCE_TOKENS)).isEqualTo(1L);
  }

  @Test
  void nonStreamingOutputTokensPerSecondIsOutputTokensOverDuration() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().outputTokens = 40L;
    active.end();

    double tps = onlySpan().getAttributes().get(GenAiWatchAttributes.OUTPUT_TOKENS_PER_SECOND);
    double duration = onlyPoint(DURATION).getSum();
    assertThat(tps * duration).isCloseTo(40.0, within(1e-6));
  }

  // ---- content
  // -----------------------------------------------------------------------------------

  @Test
  void capturedContentIsRecordedAsJsonAfterRedaction() throws IOException {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().systemInstructions = List.of("You are terse.");
    active.call().inputMessages = List.of(GenAiMessage.text("user", "mail me at jane@example.com"));
    active.call().outputMessages = List.of(GenAiMessage.text("assistant", "Done."));
    active.end();

    Attributes a = onlySpan().getAttributes();
    JsonNode input = json.readTree(a.get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES));
    assertThat(input.get(0).get("parts").get(0).get("content").asText())
        .isEqualTo("mail me at <EMAIL>");
    assertThat(
            json.readTree(a.get(GenAiWatchAttributes.GEN_AI_SYSTEM_INSTRUCTIONS))
                .get(0)
                .get("content")
                .asText())
        .isEqualTo("You are terse.");
    assertThat(
            json.readTree(a.get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES))
                .get(0)
                .get("role")
                .asText())
        .isEqualTo("assistant");
    assertThat(a.get(GenAiWatchAttributes.CONTENT_REDACTIONS)).isEqualTo(1L);
    assertThat(a.get(GenAiWatchAttributes.CONTENT_TRUNCATED)).isNull();
  }

  @Test
  void contentIsNotRecordedWhenCaptureIsOff() {
    GenAiInstrumenter off = ExportingSdk.instrumenterOn(sdk, false, 8192);
    ActiveLlmCall active = off.start(chat(false));
    active.call().inputMessages = List.of(GenAiMessage.text("user", "hello"));
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES)).isNull();
    assertThat(a.get(GenAiWatchAttributes.CONTENT_REDACTIONS)).isNull();
  }

  @Test
  void aFailureWhileBuildingTheSpanIsSwallowedCountedAndStillEndsTheSpan() {
    Redactor broken =
        (text, counter) -> {
          throw new IllegalStateException("redactor bug");
        };
    InstrumentationHealth health = new InstrumentationHealth(sdk.getMeter("health"));
    GenAiInstrumenter fragile =
        new GenAiInstrumenter(sdk, new ContentCapture(true, 8192, broken), health, "test");
    ActiveLlmCall active = fragile.start(chat(false));
    active.call().inputMessages = List.of(GenAiMessage.text("user", "hello"));

    active.end();

    assertThat(onlySpan().hasEnded()).isTrue();
    assertThat(health.total()).isEqualTo(1);
  }

  // ---- errors and ending
  // -------------------------------------------------------------------------

  @Test
  void failedCallHasErrorStatusErrorTypeAndExceptionEvent() {
    IOException error = new IOException("upstream returned 503");
    instrumenter.start(chat(false)).endWithError(error, "503");

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("upstream returned 503");
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("503");
    EventData event =
        span.getEvents().stream()
            .filter(e -> e.getName().equals("exception"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no exception event"));
    assertThat(event.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE))
        .isEqualTo("java.io.IOException");
    assertThat(event.getAttributes().get(ExceptionAttributes.EXCEPTION_MESSAGE))
        .isEqualTo("upstream returned 503");
  }

  @Test
  void failedCallWithoutExplicitErrorTypeUsesTheExceptionClassName() {
    instrumenter.start(chat(false)).endWithError(new IllegalStateException(), null);

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void successfulCallHasUnsetStatusAndNoErrorType() {
    instrumenter.start(chat(false)).end();

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void endingTwiceExportsOneSpanWithTheFirstOutcome() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.end();
    active.end();
    active.endWithError(new RuntimeException("late"), null);
    active.endClosedEarly();

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(active.isEnded()).isTrue();
    assertThat(onlyPoint(DURATION).getCount()).isEqualTo(1);
  }

  @Test
  void concurrentEndsExportOneSpan() throws Exception {
    ActiveLlmCall active = instrumenter.start(chat(true));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> ends = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        ends.add(
            pool.submit(
                () -> {
                  go.await();
                  if (n % 2 == 0) {
                    active.end();
                  } else {
                    active.endClosedEarly();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : ends) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }

  // ---- streaming
  // ---------------------------------------------------------------------------------

  @Test
  void streamedSpanRecordsTimeToFirstContentChunkNotRoleChunk() throws InterruptedException {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(false); // the role-only chunk, immediately
    Thread.sleep(60);
    active.onChunk(true);
    active.end();

    Double ttft = onlySpan().getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);
    assertThat(ttft).isGreaterThanOrEqualTo(0.06);
  }

  @Test
  void streamWithoutContentChunksHasNoTimeToFirstChunk() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(false);
    active.end();

    assertThat(onlySpan().getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isNull();
    assertThat(metric(TTFT)).isEmpty();
  }

  @Test
  void streamedSpanCountsEveryChunk() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(false);
    active.onChunk(true);
    active.onChunk(true);
    active.onChunk(false);
    active.end();

    assertThat(onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(4L);
  }

  @Test
  void timePerOutputTokenIsGenerationTimeOverTokensAfterTheFirst() throws InterruptedException {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(true);
    Thread.sleep(50);
    active.call().outputTokens = 3L;
    active.end();

    Attributes a = onlySpan().getAttributes();
    double tpot = a.get(GenAiWatchAttributes.TIME_PER_OUTPUT_TOKEN);
    double tps = a.get(GenAiWatchAttributes.OUTPUT_TOKENS_PER_SECOND);
    // generation >= 50 ms spread over the 2 tokens after the first.
    assertThat(tpot).isGreaterThanOrEqualTo(0.025);
    // tpot = g / (n - 1) and tps = n / g, so their product is n / (n - 1) whatever g was.
    assertThat(tpot * tps).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void timePerOutputTokenNeedsMoreThanOneToken() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(true);
    active.call().outputTokens = 1L;
    active.end();

    assertThat(onlySpan().getAttributes().get(GenAiWatchAttributes.TIME_PER_OUTPUT_TOKEN)).isNull();
  }

  @Test
  void streamedOutputTokensPerSecondIsMeasuredFromTheFirstChunk() throws InterruptedException {
    ActiveLlmCall active = instrumenter.start(chat(true));
    Thread.sleep(40);
    active.onChunk(true);
    Thread.sleep(10);
    active.call().outputTokens = 10L;
    active.end();

    double tps = onlySpan().getAttributes().get(GenAiWatchAttributes.OUTPUT_TOKENS_PER_SECOND);
    double ttft = onlySpan().getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);
    double duration = onlyPoint(DURATION).getSum();
    assertThat(tps).isCloseTo(10 / (duration - ttft), within(1e-6 * tps));
  }

  @Test
  void streamWithoutUsageEstimatesOutputTokensFromContentChunks() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(false);
    active.onChunk(true);
    active.onChunk(true);
    active.onChunk(true);
    active.onChunk(false);
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(3L);
    assertThat(a.get(GenAiWatchAttributes.USAGE_ESTIMATED)).isTrue();
    assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isNull();
  }

  @Test
  void streamWithReportedUsageIsNotEstimated() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(true);
    active.onChunk(true);
    active.call().inputTokens = 12L;
    active.call().outputTokens = 7L;
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(7L);
    assertThat(a.get(GenAiWatchAttributes.USAGE_ESTIMATED)).isNull();
  }

  @Test
  void streamWithoutContentChunksEstimatesNothing() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(false);
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(a.get(GenAiWatchAttributes.USAGE_ESTIMATED)).isNull();
  }

  @Test
  void streamClosedEarlyIsMarkedClosedAndKeepsWhatWasSeen() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(true);
    active.streamedOutput().append(0, "Hel");
    active.endClosedEarly();

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("closed");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(1L);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES))
        .contains("Hel");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void streamThatFailedIsMarkedError() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.endWithError(new IOException("reset"), null);

    assertThat(onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("error");
  }

  @Test
  void streamThatCompletedHasNoStreamEndMarker() {
    instrumenter.start(chat(true)).end();

    assertThat(onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_END)).isNull();
  }

  @Test
  void streamedTextAndFinishReasonsBecomeTheOutput() throws IOException {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.streamedOutput().append(0, "Hel");
    active.streamedOutput().append(0, "lo");
    active.streamedOutput().finish(0, "stop");
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop");
    JsonNode output = json.readTree(a.get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES));
    assertThat(output).hasSize(1);
    assertThat(output.get(0).get("role").asText()).isEqualTo("assistant");
    assertThat(output.get(0).get("parts").get(0).get("content").asText()).isEqualTo("Hello");
    assertThat(output.get(0).get("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void streamedOutputLongerThanTheCaptureLimitIsMarkedTruncated() {
    GenAiInstrumenter small = ExportingSdk.instrumenterOn(sdk, true, 4);
    ActiveLlmCall active = small.start(chat(true));
    active.streamedOutput().append(0, "Hello world");
    active.end();

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GenAiWatchAttributes.CONTENT_TRUNCATED)).isTrue();
    assertThat(a.get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES)).doesNotContain("world");
  }

  // ---- metrics
  // -----------------------------------------------------------------------------------

  @Test
  void durationHistogramUsesTheContractsBucketsAndUnit() {
    instrumenter.start(chat(false)).end();

    MetricData duration = metric(DURATION).orElseThrow();
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(onlyPoint(DURATION).getBoundaries()).containsExactlyElementsOf(DURATION_BUCKETS);
    assertThat(onlyPoint(DURATION).getCount()).isEqualTo(1);
  }

  @Test
  void metricPointsCarryTheCallAttributes() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().responseModel = "Qwen/Qwen2.5-7B-Instruct";
    active.call().inputMessages = List.of(GenAiMessage.text("user", "secret question"));
    active.end();

    Attributes expected =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, "chat")
            .put(GEN_AI_PROVIDER_NAME, "openai")
            .put(GEN_AI_REQUEST_MODEL, MODEL)
            .put(GEN_AI_RESPONSE_MODEL, "Qwen/Qwen2.5-7B-Instruct")
            .put(ServerAttributes.SERVER_ADDRESS, "vllm.internal")
            .put(ServerAttributes.SERVER_PORT, 8000L)
            .build();
    assertThat(onlyPoint(DURATION).getAttributes()).isEqualTo(expected);
  }

  @Test
  void failedCallMetricPointsCarryErrorType() {
    instrumenter.start(chat(false)).endWithError(new IOException("boom"), "timeout");

    assertThat(onlyPoint(DURATION).getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo("timeout");
  }

  @Test
  void failedCallMetricErrorTypeDefaultsToTheExceptionClass() {
    instrumenter.start(chat(false)).endWithError(new IllegalArgumentException("bad"), null);

    assertThat(onlyPoint(DURATION).getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
  }

  @Test
  void tokenUsageIsRecordedPerTokenTypeWithTheContractsBuckets() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().inputTokens = 120L;
    active.call().outputTokens = 30L;
    active.end();

    MetricData usage = metric(TOKEN_USAGE).orElseThrow();
    assertThat(usage.getUnit()).isEqualTo("{token}");
    List<HistogramPointData> points = points(TOKEN_USAGE);
    assertThat(points).hasSize(2);
    HistogramPointData input =
        points.stream()
            .filter(p -> "input".equals(p.getAttributes().get(GEN_AI_TOKEN_TYPE)))
            .findFirst()
            .orElseThrow();
    HistogramPointData output =
        points.stream()
            .filter(p -> "output".equals(p.getAttributes().get(GEN_AI_TOKEN_TYPE)))
            .findFirst()
            .orElseThrow();
    assertThat(input.getSum()).isEqualTo(120.0);
    assertThat(output.getSum()).isEqualTo(30.0);
    assertThat(input.getBoundaries()).containsExactlyElementsOf(TOKEN_BUCKETS);
    assertThat(input.getAttributes().get(GEN_AI_REQUEST_MODEL)).isEqualTo(MODEL);
  }

  @Test
  void cacheReadInputTokensAreRecordedAsTheirOwnHistogram() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().inputTokens = 120L;
    active.call().cacheReadInputTokens = 96L;
    active.end();

    List<HistogramPointData> points = points(GenAiWatchAttributes.METRIC_CACHE_READ_INPUT_TOKENS);
    assertThat(points).hasSize(1);
    assertThat(points.get(0).getSum()).isEqualTo(96.0);
    assertThat(points.get(0).getBoundaries()).containsExactlyElementsOf(TOKEN_BUCKETS);
    assertThat(points.get(0).getAttributes().get(GEN_AI_REQUEST_MODEL)).isEqualTo(MODEL);
  }

  @Test
  void callsWithoutReportedCacheReadRecordNoCacheMetric() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().inputTokens = 120L;
    active.end();

    assertThat(metric(GenAiWatchAttributes.METRIC_CACHE_READ_INPUT_TOKENS)).isEmpty();
  }

  @Test
  void estimatedUsageIsNotRecordedAsTokenUsage() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(true);
    active.onChunk(true);
    active.end();

    assertThat(metric(TOKEN_USAGE)).isEmpty();
  }

  @Test
  void nonStreamingCallsRecordNoStreamMetrics() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.onChunk(true);
    active.onChunk(true);
    active.end();

    assertThat(metric(TTFT)).isEmpty();
    assertThat(metric(TIME_PER_OUTPUT_CHUNK)).isEmpty();
  }

  @Test
  void streamsRecordTimeToFirstChunkOnceAndOneTimePerOutputChunkPerGap() {
    ActiveLlmCall active = instrumenter.start(chat(true));
    active.onChunk(false);
    active.onChunk(true);
    active.onChunk(true);
    active.onChunk(true);
    active.end();

    HistogramPointData ttft = onlyPoint(TTFT);
    assertThat(ttft.getCount()).isEqualTo(1);
    assertThat(ttft.getBoundaries()).containsExactlyElementsOf(DURATION_BUCKETS);
    assertThat(ttft.getSum())
        .isEqualTo(onlySpan().getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK));
    assertThat(metric(TTFT).orElseThrow().getUnit()).isEqualTo("s");
    HistogramPointData perChunk = onlyPoint(TIME_PER_OUTPUT_CHUNK);
    assertThat(perChunk.getCount()).isEqualTo(2);
    assertThat(perChunk.getBoundaries()).containsExactlyElementsOf(DURATION_BUCKETS);
  }

  @Test
  void outputTokensPerSecondMetricMatchesTheSpan() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().outputTokens = 25L;
    active.end();

    HistogramPointData tps = onlyPoint(TPS);
    assertThat(metric(TPS).orElseThrow().getUnit()).isEqualTo("{token}/s");
    assertThat(tps.getBoundaries()).containsExactlyElementsOf(TPS_BUCKETS);
    assertThat(tps.getSum())
        .isEqualTo(onlySpan().getAttributes().get(GenAiWatchAttributes.OUTPUT_TOKENS_PER_SECOND));
  }

  @Test
  void outputTokensPerSecondIsNotRecordedWithoutOutputTokens() {
    instrumenter.start(chat(false)).end();

    assertThat(metric(TPS)).isEmpty();
  }

  @Test
  void metricsNeverCarryContent() {
    ActiveLlmCall active = instrumenter.start(chat(false));
    active.call().inputMessages = List.of(GenAiMessage.text("user", "what is my password"));
    active.call().outputTokens = 3L;
    active.end();

    for (MetricData m : metricReader.collectAllMetrics()) {
      for (HistogramPointData p : m.getHistogramData().getPoints()) {
        p.getAttributes()
            .forEach(
                (AttributeKey<?> k, Object v) ->
                    assertThat(String.valueOf(v)).doesNotContain("password"));
        assertThat(p.getAttributes().get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES)).isNull();
      }
    }
  }
}
