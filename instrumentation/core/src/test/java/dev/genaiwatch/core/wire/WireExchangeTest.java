package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WireExchangeTest {
  private static final URI CHAT =
      URI.create("http://vllm.internal:8000/v1/chat/completions?api-key=secret");
  private static final String CHAT_REQUEST =
      "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
          + "\"max_tokens\":5,\"temperature\":0.5,\"stop\":\"END\",\"n\":1,\"stream\":%s}";
  private static final String CHAT_RESPONSE =
      "{\"id\":\"chatcmpl-1\",\"model\":\"qwen-served\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\","
          + "\"logprobs\":{\"content\":[{\"token\":\"Hello\",\"logprob\":-0.5}]}}],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":4}}}";

  private TestTelemetry telemetry;

  @BeforeEach
  void setUp() {
    install(Map.of());
  }

  private void install(Map<String, String> settings) {
    telemetry = TestTelemetry.install(true, settings);
  }

  @AfterEach
  void tearDown() {
    telemetry.close();
  }

  /**
   * A whole exchange: request sent, response of {@code status} delivered in chunks, then complete.
   */
  private SpanData completedExchange(
      URI uri, String request, int status, String contentType, String response) {
    respond(start(uri, request), status, contentType, response);
    return onlySpan();
  }

  /** The response of {@code status}, its body delivered in chunks, then the exchange complete. */
  private static void respond(WireExchange exchange, int status, String contentType, String body) {
    exchange.onResponse(status, contentType);
    feedSplit(exchange, body);
    exchange.onComplete();
  }

  private static WireExchange start(URI uri, String body) {
    return WireCalls.start(
        "jdk-httpclient",
        "POST",
        uri,
        () -> body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        false,
        Context.root());
  }

  @Test
  void jsonChatResponseFillsTheSpanFromRequestAndResponse() {
    SpanData span =
        completedExchange(
            CHAT, CHAT_REQUEST.formatted("false"), 200, "application/json", CHAT_RESPONSE);

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
    assertThat(attr(span, "gen_ai.output.messages"))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]");
    assertThat(span.getAttributes().toString()).doesNotContain("api-key", "secret", "/v1/chat");
  }

  @Test
  void traceparentIsTheGenAiSpansOwn() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    String expected =
        "00-"
            + exchange.call().span().getSpanContext().getTraceId()
            + "-"
            + exchange.call().span().getSpanContext().getSpanId()
            + "-"
            + exchange.call().span().getSpanContext().getTraceFlags().asHex();
    assertThat(exchange.traceparent()).isEqualTo(expected);
    assertThat(
            WireCalls.start("jdk-httpclient", "POST", CHAT, null, true, Context.root())
                .traceparent())
        .isNull();
  }

  @Test
  void streamedChatRecordsEveryChunkUsageAndDoneEndsNothingEarly() {
    SpanData span =
        completedExchange(
            CHAT,
            CHAT_REQUEST.formatted("true"),
            200,
            "text/event-stream; charset=utf-8",
            "data:"
                + " {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n"
                + ": comment\r\n"
                + "data:"
                + " {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"length\"}]}\r\n\r\n"
                + "data:"
                + " {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":1}}}\r\n\r\n"
                + "data: [DONE]\r\n\r\n");
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
    SpanData span =
        completedExchange(
            CHAT,
            CHAT_REQUEST.formatted("true"),
            200,
            "text/event-stream",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: {not json\n\n");

    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, "error.type")).isEqualTo(WireExchange.MALFORMED_RESPONSE);
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo(1L);
  }

  @Test
  void bodyOverTheBoundIsNotParsedAndTheSpanSaysContentWasTruncated() {
    tearDown();
    install(Map.of(WireSettings.MAX_BODY_BYTES, "200"));
    SpanData span =
        completedExchange(
            CHAT, CHAT_REQUEST.formatted("false"), 200, "application/json", CHAT_RESPONSE);

    assertThat(attr(span, "genai_watch.content.truncated")).isEqualTo(true);
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isNull();
    assertThat(attr(span, "gen_ai.request.model")).isEqualTo("qwen");
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void requestOverTheBoundStillGetsASpanThatSaysContentWasTruncated() {
    tearDown();
    install(Map.of(WireSettings.MAX_BODY_BYTES, "16"));
    SpanData span =
        completedExchange(
            CHAT, CHAT_REQUEST.formatted("false"), 200, "application/json", CHAT_RESPONSE);

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
    SpanData span =
        completedExchange(
            CHAT,
            CHAT_REQUEST.formatted("false"),
            429,
            "application/json",
            "{\"error\":{\"message\":\"slow down\"}}");

    assertThat(attr(span, "error.type")).isEqualTo("429");
  }

  @Test
  void failureBeforeAnyResponseIsAnErrorSpan() {
    WireExchange exchange = start(CHAT, CHAT_REQUEST.formatted("false"));
    exchange.onError(new ConnectException("refused"));

    assertThat(attr(onlySpan(), "error.type")).isEqualTo("java.net.ConnectException");
  }

  /**
   * A chat call the OpenAI SDK's instrumentation started, as the wire level finds it on the
   * request's context.
   */
  private ActiveLlmCall libraryChatCall() {
    LlmCall libraryCall = new LlmCall();
    libraryCall.instrumentation = "openai-java";
    libraryCall.operation = LlmCall.OP_CHAT;
    return telemetry.instrumenter.start(libraryCall, Context.root());
  }

  @Test
  void libraryLevelCallKeepsTheOnlySpanAndGainsTheCachedTokenCount() {
    ActiveLlmCall library = libraryChatCall();
    WireExchange exchange =
        WireCalls.start(
            "okhttp",
            "POST",
            CHAT,
            () -> CHAT_REQUEST.formatted("false").getBytes(StandardCharsets.UTF_8),
            false,
            library.context());
    assertThat(exchange.owned()).isFalse();
    assertThat(exchange.traceparent()).contains(library.span().getSpanContext().getSpanId());
    respond(exchange, 200, "application/json", CHAT_RESPONSE);
    assertThat(telemetry.finished()).isEmpty();

    library.end();
    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("openai-java");
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(4L);
  }

  @Test
  void aCachedTokenCountTheLibraryReportedItselfIsKeptOverTheBodys() {
    ActiveLlmCall library = libraryChatCall();
    WireExchange exchange = WireCalls.start("okhttp", "POST", CHAT, null, false, library.context());
    respond(exchange, 200, "application/json", CHAT_RESPONSE);
    // The SDK's typed response is read after the body was delivered, and before the span ends.
    library.call().cacheReadInputTokens = 9L;

    library.end();
    assertThat(attr(onlySpan(), "gen_ai.usage.cache_read.input_tokens")).isEqualTo(9L);
  }

  @Test
  void aWholeResponseIsNotLookedAtUnderALibraryThatReadsItsUsageDetailsAndSentItsTraceparent() {
    ActiveLlmCall library = libraryChatCall();
    library.call().usageDetailsFromLibrary = true;

    assertThat(WireCalls.start("okhttp", "POST", CHAT, null, true, library.context())).isNull();
    library.end();
    assertThat(attr(onlySpan(), "genai_watch.instrumentation")).isEqualTo("openai-java");
  }

  @Test
  void aLibraryThatReadsItsUsageDetailsStillGetsTheTraceparentItsRequestLacks() {
    ActiveLlmCall library = libraryChatCall();
    library.call().usageDetailsFromLibrary = true;

    WireExchange exchange = WireCalls.start("okhttp", "POST", CHAT, null, false, library.context());
    assertThat(exchange.owned()).isFalse();
    assertThat(exchange.traceparent()).contains(library.span().getSpanContext().getSpanId());
    library.end();
  }

  @Test
  void aStreamUnderALibraryThatReadsItsUsageDetailsIsStillSeenOnTheWire() {
    ActiveLlmCall library = libraryChatCall();
    library.call().usageDetailsFromLibrary = true;
    library.call().stream = true;

    assertThat(WireCalls.start("okhttp", "POST", CHAT, null, true, library.context())).isNotNull();
    library.end();
  }

  @Test
  void libraryOwnedStreamGainsTheCachedTokenCountFromItsLastEvents() {
    ActiveLlmCall library = libraryChatCall();
    // Longer than the kept tail: the usage event must be found after the ring has wrapped.
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      stream.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"}}]}\n\n");
    }
    stream
        .append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,")
        .append("\"prompt_tokens_details\":{\"cached_tokens\":2}}}\n\n")
        .append("data: [DONE]\n\n");
    assertThat(stream.length()).isGreaterThan(StreamTail.CAPACITY);
    streamUnder(library, stream.toString());
    assertThat(telemetry.finished()).isEmpty();

    library.end();
    assertThat(attr(onlySpan(), "gen_ai.usage.cache_read.input_tokens")).isEqualTo(2L);
  }

  @Test
  void libraryOwnedStreamKeepsTheCachedTokenCountTheLibraryReported() {
    ActiveLlmCall library = libraryChatCall();
    streamUnder(
        library,
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":2}}}\n\n");
    library.call().cacheReadInputTokens = 9L;

    library.end();
    assertThat(attr(onlySpan(), "gen_ai.usage.cache_read.input_tokens")).isEqualTo(9L);
  }

  @Test
  void anIpv6TargetIsRecordedWithItsAddressAndPort() {
    SpanData span =
        completedExchange(
            URI.create("http://[::1]:8000/v1/chat/completions"),
            CHAT_REQUEST.formatted("false"),
            200,
            "application/json",
            CHAT_RESPONSE);

    assertThat(attr(span, "server.address")).isEqualTo("::1");
    assertThat(attr(span, "server.port")).isEqualTo(8000L);
  }

  @Test
  void requestsThatAreNotLlmCallsGetNoExchange() {
    assertThat(
            WireCalls.start(
                "jdk-httpclient",
                "GET",
                URI.create("http://h/v1/models"),
                null,
                false,
                Context.root()))
        .isNull();
    assertThat(
            WireCalls.start(
                "jdk-httpclient",
                "POST",
                URI.create("http://h/upload"),
                () -> {
                  throw new AssertionError(
                      "the body of a request that is not an LLM call is never read");
                },
                false,
                Context.root()))
        .isNull();
  }

  @Test
  void gatewayPathTakesItsOperationFromTheBody() {
    tearDown();
    install(Map.of(WireSettings.PATHS, "/gw/*"));
    SpanData span =
        completedExchange(
            URI.create("http://gw:80/gw/embed"),
            "{\"model\":\"e5\",\"input\":[\"a\"]}",
            200,
            "application/json",
            "{\"model\":\"e5\",\"data\":[],\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");

    assertThat(span.getName()).isEqualTo("embeddings e5");
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isEqualTo(2L);
  }

  /** A streamed response seen on the wire under the library's call, whole. */
  private static void streamUnder(ActiveLlmCall library, String body) {
    WireExchange exchange = WireCalls.start("okhttp", "POST", CHAT, null, false, library.context());
    exchange.onResponse(200, "text/event-stream");
    feedSplit(exchange, body);
    exchange.onComplete();
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
    return telemetry.onlySpan();
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
