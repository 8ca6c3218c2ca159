package dev.genaiwatch.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.ClientOptions;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpMethod;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extractor, the stream reader and the coexistence hooks, on the SDK's own objects (3.x, as
 * resolved).
 */
class AnthropicJavaExtractorTest {
  private static final String MODEL = "claude-sonnet-4-5";
  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  /** A streamed call's reader, after the application read {@code events} (JSON) through it. */
  private MessageStream readStream(List<String> events) {
    MessageStream stream = new MessageStream(telemetry.startChat("anthropic-java", true));
    events.forEach(json -> stream.onEvent(event(json)));
    return stream;
  }

  private static ClientOptions options(String baseUrl) {
    return ClientOptions.builder().httpClient(new NoHttp()).baseUrl(baseUrl).build();
  }

  private static MessageCreateParams params() {
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(64)
        .system("Answer briefly.")
        .addUserMessage("What is the capital of France?")
        .stopSequences(List.of("END"))
        .build();
  }

  @Test
  void requestGivesModelParametersServerProviderAndContent() throws Throwable {
    LlmCall call =
        AnthropicJavaExtractor.request(params(), options("http://127.0.0.1:8123"), false, true);

    assertThat(call.operation).isEqualTo("chat");
    assertThat(call.provider).isEqualTo("anthropic");
    assertThat(call.instrumentation).isEqualTo("anthropic-java");
    assertThat(call.requestModel).isEqualTo(MODEL);
    assertThat(call.maxTokens).isEqualTo(64L);
    assertThat(call.stopSequences).containsExactly("END");
    assertThat(call.serverAddress).isEqualTo("127.0.0.1");
    assertThat(call.serverPort).isEqualTo(8123L);
    assertThat(call.systemInstructions).containsExactly("Answer briefly.");
    assertThat(call.inputMessages)
        .containsExactly(GenAiMessage.text("user", "What is the capital of France?"));
  }

  @Test
  void theProviderIsTheOneTheSdkNamesForItsBackend() throws Throwable {
    ClientOptions bedrockLike =
        options("http://127.0.0.1:8123").toBuilder()
            .openTelemetryProviderName("aws.bedrock")
            .build();

    assertThat(AnthropicJavaExtractor.request(params(), bedrockLike, false, false).provider)
        .isEqualTo("aws.bedrock");
  }

  @Test
  void noContentIsReadWhenCaptureIsOff() throws Throwable {
    LlmCall call =
        AnthropicJavaExtractor.request(params(), options("http://127.0.0.1:8123"), false, false);

    assertThat(call.inputMessages).isNull();
    assertThat(call.systemInstructions).isNull();
  }

  @Test
  void toolUseAndToolResultBlocksBecomeToolCallParts() throws Throwable {
    MessageCreateParams p =
        MessageCreateParams.builder()
            .model(MODEL)
            .maxTokens(64)
            .addUserMessage("Weather in Paris?")
            .addAssistantMessageOfContentBlockParams(
                List.of(
                    ContentBlockParam.ofToolUse(
                        ToolUseBlockParam.builder()
                            .id("toolu_1")
                            .name("get_weather")
                            .input(JsonValue.from(Map.of("city", "Paris")))
                            .build())))
            .addUserMessageOfContentBlockParams(
                List.of(
                    ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder()
                            .toolUseId("toolu_1")
                            .content("18 degrees")
                            .build())))
            .addTool(
                Tool.builder()
                    .name("get_weather")
                    .inputSchema(
                        Tool.InputSchema.builder()
                            .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                            .build())
                    .build())
            .build();

    LlmCall call = AnthropicJavaExtractor.request(p, options("http://127.0.0.1:8123"), false, true);

    assertThat(call.inputMessages.get(1).parts())
        .containsExactly(MessagePart.toolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(call.inputMessages.get(2).parts())
        .containsExactly(MessagePart.toolCallResponse("toolu_1", "18 degrees"));
  }

  @Test
  void responseGivesIdModelStopReasonUsageWithBothCacheCountsAndOutput() throws Throwable {
    ActiveLlmCall active = telemetry.startChat("anthropic-java", false);
    Message message =
        SdkJson.parse(
            """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Paris."}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":5,"output_tokens":3,"cache_read_input_tokens":40,"cache_creation_input_tokens":12}}
        """,
            Message.class);

    AnthropicJavaExtractor.response(message, active);
    active.end();

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("msg_01");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("end_turn");
    // The conventions' input count includes cached tokens: 5 uncached + 40 read + 12 written.
    assertUsage(a, 57L, 3L, 40L, 12L);
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris.\"}],\"finish_reason\":\"end_turn\"}]");
  }

  @Test
  void aResponseWithoutCacheCountsHasNoCacheAttributes() throws Throwable {
    ActiveLlmCall active = telemetry.startChat("anthropic-java", false);
    AnthropicJavaExtractor.response(
        SdkJson.parse(
            """
        {"id":"msg_02","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"max_tokens",
         "stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":2}}
        """,
            Message.class),
        active);
    active.end();

    Attributes a = telemetry.onlySpan().getAttributes();
    assertUsage(a, 7L, 2L, null, null);
  }

  /** The span's token usage; a null cache count is an attribute the span must not have. */
  private static void assertUsage(
      Attributes a, long input, long output, Long cacheRead, Long cacheCreation) {
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(input);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(output);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")))
        .isEqualTo(cacheRead);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens")))
        .isEqualTo(cacheCreation);
  }

  private static RawMessageStreamEvent event(String json) {
    return SdkJson.parse(json, RawMessageStreamEvent.class);
  }

  private static final List<String> TEXT_STREAM =
      List.of(
          "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\","
              + "\"model\":\"m-1\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":9,\"output_tokens\":1,\"cache_read_input_tokens\":16,"
              + "\"cache_creation_input_tokens\":0}}}",
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}",
          "{\"type\":\"content_block_stop\",\"index\":0}",
          "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
              + "\"usage\":{\"output_tokens\":2}}",
          "{\"type\":\"message_stop\"}");

  @Test
  void aStreamTakesUsageFromMessageStartAndDeltaAndTimesTheContentDeltas() {
    readStream(TEXT_STREAM).end();

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("msg_s");
    assertUsage(a, 25L, 2L, 16L, 0L);
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("end_turn");
    assertThat(a.get(AttributeKey.longKey("genai_watch.stream.chunks"))).isEqualTo(7L);
    assertThat(a.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isNotNull();
    assertThat(a.get(AttributeKey.booleanKey("genai_watch.usage.estimated"))).isNull();
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello there\"}],"
                + "\"finish_reason\":\"end_turn\"}]");
  }

  @Test
  void aStreamedToolUseBecomesAToolCallPartWithItsAssembledInput() {
    readStream(
            List.of(
                TEXT_STREAM.get(0),
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\","
                    + "\"name\":\"get_weather\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":\"{\\\"city\\\": \"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":\"\\\"Paris\\\"}\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":11}}",
                "{\"type\":\"message_stop\"}"))
        .end();

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("tool_use");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"toolu_9\",\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}],\"finish_reason\":\"tool_use\"}]");
  }

  @Test
  void aStreamCutBeforeMessageDeltaEstimatesOutputFromTheDeltas() {
    readStream(TEXT_STREAM.subList(0, 4))
        .endWithError(new AnthropicIoException("connection reset", null));

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(2L);
    assertThat(a.get(AttributeKey.booleanKey("genai_watch.usage.estimated"))).isTrue();
    assertThat(a.get(AttributeKey.stringKey("genai_watch.stream.end"))).isEqualTo("error");
  }

  @Test
  void errorTypeIsTimeoutForATimeoutCauseAndTheClassOtherwise() {
    assertThat(
            AnthropicJavaExtractor.errorType(
                new AnthropicIoException("io", new SocketTimeoutException())))
        .isEqualTo("timeout");
    assertThat(AnthropicJavaExtractor.errorType(new IllegalStateException("x")))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void theSdksOwnTracingIsOffOnlyWhileAGenAiWatchCallIsCurrent() {
    assertThat(AnthropicJavaCalls.ownsCurrentCall()).isFalse();
    ActiveLlmCall active = telemetry.startChat("anthropic-java", false);
    active.enterScope();
    try {
      assertThat(AnthropicJavaCalls.ownsCurrentCall()).isTrue();
    } finally {
      active.exitScope();
      active.end();
    }
  }

  @Test
  void theRequestPreparedForAGenAiWatchCallCarriesItsTraceparent() {
    HttpRequest request =
        HttpRequest.builder()
            .method(HttpMethod.POST)
            .baseUrl("http://127.0.0.1:1")
            .addPathSegments("v1", "messages")
            .build();
    assertThat(AnthropicJavaCalls.withTraceparent(request)).isSameAs(request);

    ActiveLlmCall active = telemetry.startChat("anthropic-java", false);
    active.enterScope();
    try {
      HttpRequest sent = (HttpRequest) AnthropicJavaCalls.withTraceparent(request);
      String spanId = active.span().getSpanContext().getSpanId();
      assertThat(sent.headers().values("traceparent")).singleElement().asString().contains(spanId);
      HttpRequest own = request.toBuilder().putHeader("traceparent", "00-app-own").build();
      assertThat(AnthropicJavaCalls.withTraceparent(own)).isSameAs(own);
    } finally {
      active.exitScope();
      active.end();
    }
  }

  @Test
  void theBuiltClientIsInstrumentable() {
    // The public client builder is the one the testapp uses; it must build without a network.
    assertThat(AnthropicOkHttpClient.builder().apiKey("k").baseUrl("http://127.0.0.1:1").build())
        .isNotNull();
  }

  /** Never called: the extractor only reads the options. */
  static final class NoHttp implements com.anthropic.core.http.HttpClient {
    @Override
    public com.anthropic.core.http.HttpResponse execute(
        HttpRequest request, com.anthropic.core.RequestOptions requestOptions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<com.anthropic.core.http.HttpResponse> executeAsync(
        HttpRequest request, com.anthropic.core.RequestOptions requestOptions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
