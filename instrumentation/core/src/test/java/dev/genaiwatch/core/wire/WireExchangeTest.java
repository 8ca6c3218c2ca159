package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.redaction.RedactionEngine;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WireExchangeTest {
  private static final URI CHAT = URI.create("http://vllm.internal:8000/v1/chat/completions?api-key=secret");
  private static final String CHAT_REQUEST = "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
      + "\"max_tokens\":5,\"temperature\":0.5,\"stop\":\"END\",\"n\":1,\"stream\":%s}";
  private static final String CHAT_RESPONSE = "{\"id\":\"chatcmpl-1\",\"model\":\"qwen-served\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\","
      + "\"logprobs\":{\"content\":[{\"token\":\"Hello\",\"logprob\":-0.5}]}}],"
      + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":4}}}";

  private InMemorySpanExporter spans;
  private OpenTelemetrySdk sdk;
  private GenAiInstrumenter instrumenter;

  @BeforeEach
  void setUp() {
    install(Map.of());
  }

  private void install(Map<String, String> settings) {
    spans = InMemorySpanExporter.create();
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    instrumenter = new GenAiInstrumenter(sdk, new ContentCapture(true, 8192, RedactionEngine.defaults()),
        InstrumentationHealth.noop(), "test");
    GenAiWatch.install(instrumenter, GenAiWatchConfig.of(settings));
  }

  @AfterEach
  void tearDown() {
    GenAiWatch.install(null, null);
    sdk.close();
  }

  private static WireExchange start(URI uri, String body) {
    return WireCalls.start("jdk-httpclient", "POST", uri, () -> body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        false, Context.root());
  }

  @Test
  void jsonChatResponseFillsTheSpanFromRequestAndResponse() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, CHAT_RESPONSE);
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat qwen");
    assertThat(attr(span, "gen_ai.request.max_tokens")).isEqualTo(5L);
    assertThat(attr(span, "gen_ai.request.temperature")).isEqualTo(0.5);
    assertThat(attr(span, "gen_ai.request.stop_sequences")).isEqualTo(List.of("END"));
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo("chatcmpl-1");
    assertThat(attr(span, "gen_ai.response.model")).isEqualTo("qwen-served");
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isEqualTo(9L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(4L);
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
    assertThat(attr(span, "genai_watch.logprobs.mean")).isEqualTo(-0.5);
    assertThat(attr(span, "server.address")).isEqualTo("vllm.internal");
    assertThat(attr(span, "server.port")).isEqualTo(8000L);
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("jdk-httpclient");
    assertThat(attr(span, "gen_ai.output.messages")).isEqualTo(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]");
    assertThat(span.getAttributes().toString()).doesNotContain("api-key", "secret", "/v1/chat");
  }

  @Test
  void traceparentIsTheGenAiSpansOwn() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    String expected = "00-" + exchange.call().span().getSpanContext().getTraceId() + "-"
        + exchange.call().span().getSpanContext().getSpanId() + "-"
        + exchange.call().span().getSpanContext().getTraceFlags().asHex();
    assertThat(exchange.traceparent()).isEqualTo(expected);
    assertThat(WireCalls.start("jdk-httpclient", "POST", CHAT, null, true, Context.root()).traceparent()).isNull();
  }

  @Test
  void streamedChatRecordsEveryChunkUsageAndDoneEndsNothingEarly() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("true"));
    exchange.onResponse(200, "text/event-stream; charset=utf-8");
    feedSplit(exchange, "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n"
        + ": comment\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"length\"}]}\r\n\r\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":1}}}\r\n\r\n"
        + "data: [DONE]\r\n\r\n");
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(attr(span, "gen_ai.request.stream")).isEqualTo(true);
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo(4L);
    assertThat(attr(span, "gen_ai.usage.output_tokens")).isEqualTo(2L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(1L);
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
    assertThat(attr(span, "gen_ai.response.time_to_first_chunk")).isNotNull();
    assertThat((String) attr(span, "gen_ai.output.messages")).contains("\"content\":\"Hello\"");
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void malformedStreamLineEndsTheSpanAsMalformedResponse() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("true"));
    exchange.onResponse(200, "text/event-stream");
    feedSplit(exchange, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\ndata: {not json\n\n");
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, "error.type")).isEqualTo(WireExchange.MALFORMED_RESPONSE);
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo(1L);
  }

  @Test
  void bodyOverTheBoundIsNotParsedAndTheSpanSaysContentWasTruncated() {
    tearDown();
    install(Map.of(WireSettings.MAX_BODY_BYTES, "200"));
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, CHAT_RESPONSE);
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.content.truncated")).isEqualTo(true);
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isNull();
    assertThat(attr(span, "gen_ai.request.model")).isEqualTo("qwen");
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void requestOverTheBoundStillGetsASpanThatSaysContentWasTruncated() {
    tearDown();
    install(Map.of(WireSettings.MAX_BODY_BYTES, "16"));
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, CHAT_RESPONSE);
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat");
    assertThat(attr(span, "genai_watch.content.truncated")).isEqualTo(true);
  }

  @Test
  void applicationCancellingAStreamEndsTheSpanClosedWithWhatWasSeen() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("true"));
    exchange.onResponse(200, "text/event-stream");
    feedSplit(exchange, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n");
    exchange.onCancel();
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo(1L);
  }

  @Test
  void httpErrorStatusIsTheErrorType() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    exchange.onResponse(429, "application/json");
    feedSplit(exchange, "{\"error\":{\"message\":\"slow down\"}}");
    exchange.onComplete();

    assertThat(attr(onlySpan(), "error.type")).isEqualTo("429");
  }

  @Test
  void failureBeforeAnyResponseIsAnErrorSpan() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    exchange.onError(new java.net.ConnectException("refused"));

    assertThat(attr(onlySpan(), "error.type")).isEqualTo("java.net.ConnectException");
  }

  /** A chat call the OpenAI SDK's instrumentation started, as the wire level finds it on the request's context. */
  private ActiveLlmCall libraryChatCall() {
    LlmCall libraryCall = new LlmCall();
    libraryCall.instrumentation = "openai-java";
    libraryCall.operation = LlmCall.OP_CHAT;
    return instrumenter.start(libraryCall, Context.root());
  }

  @Test
  void libraryLevelCallKeepsTheOnlySpanAndGainsTheCachedTokenCount() {
    ActiveLlmCall library = libraryChatCall();
    WireExchange exchange = WireCalls.start("okhttp", "POST", CHAT, () -> CHAT_REQUEST.formatted("false")
        .getBytes(StandardCharsets.UTF_8), false, library.context());
    assertThat(exchange.owned()).isFalse();
    assertThat(exchange.traceparent()).contains(library.span().getSpanContext().getSpanId());
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, CHAT_RESPONSE);
    exchange.onComplete();
    assertThat(spans.getFinishedSpanItems()).isEmpty();

    library.end();
    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("openai-java");
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(4L);
  }

  @Test
  void aCachedTokenCountTheLibraryReportedItselfIsKeptOverTheBodys() {
    ActiveLlmCall library = libraryChatCall();
    WireExchange exchange = WireCalls.start("okhttp", "POST", CHAT, null, false, library.context());
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, CHAT_RESPONSE);
    exchange.onComplete();
    // The SDK's typed response is read after the body was delivered, and before the span ends.
    library.call().cacheReadInputTokens = 9L;

    library.end();
    assertThat(attr(onlySpan(), "gen_ai.usage.cache_read.input_tokens")).isEqualTo(9L);
  }

  @Test
  void anIpv6TargetIsRecordedWithItsAddressAndPort() {
    WireExchange exchange = start(URI.create("http://[::1]:8000/v1/chat/completions"),
        CHAT_REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, CHAT_RESPONSE);
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(attr(span, "server.address")).isEqualTo("::1");
    assertThat(attr(span, "server.port")).isEqualTo(8000L);
  }

  @Test
  void requestsThatAreNotLlmCallsGetNoExchange() {
    assertThat(WireCalls.start("jdk-httpclient", "GET", URI.create("http://h/v1/models"), null, false,
        Context.root())).isNull();
    assertThat(WireCalls.start("jdk-httpclient", "POST", URI.create("http://h/upload"), () -> {
      throw new AssertionError("the body of a request that is not an LLM call is never read");
    }, false, Context.root())).isNull();
  }

  @Test
  void gatewayPathTakesItsOperationFromTheBody() {
    tearDown();
    install(Map.of(WireSettings.PATHS, "/gw/*"));
    WireExchange exchange = start(URI.create("http://gw:80/gw/embed"), "{\"model\":\"e5\",\"input\":[\"a\"]}");
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, "{\"model\":\"e5\",\"data\":[],\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("embeddings e5");
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isEqualTo(2L);
  }

  /** Delivers the body in 7-byte chunks, as a network might. */
  private static void feedSplit(WireExchange exchange, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += 7) {
      ByteBuffer chunk = ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i));
      int before = chunk.position();
      exchange.onBytes(chunk);
      assertThat(chunk.position()).isEqualTo(before);
    }
  }

  private SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private static Object attr(SpanData span, String key) {
    for (Map.Entry<AttributeKey<?>, Object> e : span.getAttributes().asMap().entrySet()) {
      if (e.getKey().getKey().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }
}
