package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiResponses;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Responses API's SDK objects (built by the SDK's builders, parsed by its mapper) read into the
 * span.
 */
class OpenAiResponsesExtractorTest {
  private static final String USAGE =
      "\"usage\":{\"input_tokens\":30,\"input_tokens_details\":{\"cached_tokens\":16},"
          + "\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":2},\"total_tokens\":38}";
  private static final String RESPONSE =
      "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,"
          + "\"status\":\"completed\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"metadata\":{},"
          + "\"model\":\"qwen-served\",\"parallel_tool_calls\":true,\"temperature\":1.0,\"tool_choice\":\"auto\","
          + "\"tools\":[],\"top_p\":1.0,\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\","
          + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"It is rainy.\","
          + "\"annotations\":[]}]}],"
          + USAGE
          + "}";

  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  private static ResponseCreateParams params() {
    return ResponseCreateParams.builder()
        .model("qwen")
        .instructions("Be brief.")
        .inputOfResponse(
            List.of(
                ResponseInputItem.ofEasyInputMessage(
                    EasyInputMessage.builder()
                        .role(EasyInputMessage.Role.USER)
                        .content("Weather in Paris?")
                        .build()),
                ResponseInputItem.ofFunctionCallOutput(
                    ResponseInputItem.FunctionCallOutput.builder()
                        .callId("call_1")
                        .output("rainy")
                        .build())))
        .maxOutputTokens(64L)
        .temperature(0.3)
        .topP(0.9)
        .conversation("conv_42")
        .build();
  }

  @Test
  void requestIsAChatOfTheResponsesApiWithItsParameters() throws Throwable {
    LlmCall call = OpenAiJavaExtractor.request(params(), null, true, true);

    StreamedChatRequest.assertRead(call, "qwen", 64L, 0.3, 0.9);
    assertThat(call.openAiApiType).isEqualTo("responses");
    assertThat(call.conversationId).isEqualTo("conv_42");
  }

  @Test
  void instructionsAreSystemInstructionsAndInputItemsInputMessages() throws Throwable {
    LlmCall call = OpenAiJavaExtractor.request(params(), null, false, true);

    assertThat(call.systemInstructions).containsExactly("Be brief.");
    assertThat(call.inputMessages).hasSize(2);
    assertThat(call.inputMessages.get(0).role()).isEqualTo("user");
    assertThat(call.inputMessages.get(0).parts())
        .containsExactly(MessagePart.text("Weather in Paris?"));
    assertThat(call.inputMessages.get(1).role()).isEqualTo("tool");
    assertThat(call.inputMessages.get(1).parts())
        .containsExactly(MessagePart.toolCallResponse("call_1", "rainy"));
  }

  @Test
  void withoutContentCaptureNoContentIsRead() throws Throwable {
    LlmCall call = OpenAiJavaExtractor.request(params(), null, false, false);

    assertThat(call.requestModel).isEqualTo("qwen");
    assertThat(call.inputMessages).isNull();
    assertThat(call.systemInstructions).isNull();
  }

  @Test
  void responseFillsIdUsageWithCachedAndReasoningTokensFinishReasonAndOutput() throws Throwable {
    ActiveLlmCall active =
        telemetry.instrumenter.start(OpenAiJavaExtractor.request(params(), null, false, true));
    OpenAiJavaExtractor.response(SdkJson.parse(RESPONSE, Response.class), active);
    active.end();

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "openai.api.type")).isEqualTo("responses");
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo("resp_1");
    assertThat(attr(span, "gen_ai.response.model")).isEqualTo("qwen-served");
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isEqualTo(30L);
    assertThat(attr(span, "gen_ai.usage.output_tokens")).isEqualTo(8L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(16L);
    assertThat(attr(span, "gen_ai.usage.reasoning.output_tokens")).isEqualTo(2L);
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
    assertThat((String) attr(span, "gen_ai.output.messages")).contains("It is rainy.");
    assertThat((String) attr(span, "gen_ai.system_instructions")).contains("Be brief.");
  }

  @Test
  void responseReadThroughTheSdkAgreesWithTheWireLevelsJsonReaderOnEveryOutcome() throws Throwable {
    String message =
        "{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"Part one.\",\"annotations\":[]},"
            + "{\"type\":\"refusal\",\"refusal\":\"Not that.\"}]}";
    String functionCall =
        "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_9\","
            + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}";
    List<String> responses =
        List.of(
            RESPONSE,
            RESPONSE.replace("\"output\":[", "\"output\":[" + message + "," + functionCall + ","),
            RESPONSE
                .replace("\"completed\"", "\"incomplete\"")
                .replace(
                    "\"incomplete_details\":null",
                    "\"incomplete_details\":{\"reason\":\"max_output_tokens\"}"),
            RESPONSE
                .replace("\"status\":\"completed\"", "\"status\":\"incomplete\"")
                .replace(
                    "\"incomplete_details\":null",
                    "\"incomplete_details\":{\"reason\":\"content_filter\"}"),
            RESPONSE
                .replace("\"status\":\"completed\"", "\"status\":\"failed\"")
                .replace("," + USAGE, ""),
            RESPONSE
                .replace("\"model\":\"qwen-served\"", "\"model\":\"gpt-4o\"")
                .replace(",\"input_tokens_details\":{\"cached_tokens\":16}", ""));
    for (String json : responses) {
      LlmCall wire = new LlmCall();
      OpenAiResponses.response(JsonValueReader.read(json), wire, true);
      ActiveLlmCall active =
          telemetry.instrumenter.start(OpenAiJavaExtractor.request(params(), null, false, true));
      OpenAiJavaExtractor.response(SdkJson.parse(json, Response.class), active);
      LlmCall sdk = active.call();

      assertThat(sdk.responseId).as(json).isEqualTo(wire.responseId);
      assertThat(sdk.responseModel).as(json).isEqualTo(wire.responseModel);
      assertThat(sdk.openAiApiType).as(json).isEqualTo(wire.openAiApiType);
      assertThat(sdk.inputTokens).as(json).isEqualTo(wire.inputTokens);
      assertThat(sdk.outputTokens).as(json).isEqualTo(wire.outputTokens);
      assertThat(sdk.cacheReadInputTokens).as(json).isEqualTo(wire.cacheReadInputTokens);
      assertThat(sdk.reasoningOutputTokens).as(json).isEqualTo(wire.reasoningOutputTokens);
      assertThat(sdk.finishReasons).as(json).isEqualTo(wire.finishReasons).isNotEmpty();
      assertThat(sdk.outputMessages).as(json).isEqualTo(wire.outputMessages).isNotEmpty();
      active.end();
    }
  }

  @Test
  void streamedEventsTimeTheDeltasAndTakeUsageAndOutputFromTheCompletedEvent() throws Throwable {
    List<ResponseStreamEvent> events =
        List.of(
            event(
                "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                    + RESPONSE.replace("\"completed\"", "\"in_progress\"")
                    + "}"),
            event(delta(1, "It is")),
            event(delta(2, " rainy.")),
            event(
                "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":"
                    + RESPONSE
                    + "}"));
    ActiveLlmCall active =
        telemetry.instrumenter.start(OpenAiJavaExtractor.request(params(), null, true, true));
    new TracingStreamResponse<>(
            new TracingStreamResponseTest.ListStreamResponse<>(events), new ChunkStream(active))
        .stream().forEach(e -> {});

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "gen_ai.request.stream")).isEqualTo(true);
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo("resp_1");
    assertThat(attr(span, "gen_ai.usage.output_tokens")).isEqualTo(8L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(16L);
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo(4L);
    assertThat(attr(span, "gen_ai.response.time_to_first_chunk")).isNotNull();
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
  }

  @Test
  void streamClosedAfterTheFirstDeltaEndsClosedWithTheTextSoFar() throws Throwable {
    List<ResponseStreamEvent> events =
        List.of(event(delta(1, "It is")), event(delta(2, " rainy.")));
    ActiveLlmCall active =
        telemetry.instrumenter.start(OpenAiJavaExtractor.request(params(), null, true, true));
    try (TracingStreamResponse<ResponseStreamEvent> stream =
        new TracingStreamResponse<>(
            new TracingStreamResponseTest.ListStreamResponse<>(events), new ChunkStream(active))) {
      stream.stream().findFirst();
    }

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat((String) attr(span, "gen_ai.output.messages"))
        .contains("It is")
        .doesNotContain("rainy");
  }

  @Test
  void everyRequiredMethodExistsInTheSdkBuiltAgainst() throws Exception {
    for (MethodReference ref : new OpenAiResponsesInstrumentationModule().requiredMethods()) {
      Class<?> type = Class.forName(ref.className());
      List<Method> methods = Arrays.asList(type.getMethods());
      List<Method> declared = Arrays.asList(type.getDeclaredMethods());
      assertThat(
              methods.stream().anyMatch(m -> matches(m, ref))
                  || declared.stream().anyMatch(m -> matches(m, ref)))
          .as(ref.toString())
          .isTrue();
    }
  }

  @Test
  void bothModulesShareOneNameAndNeitherIsTheOthersHelper() {
    assertThat(new OpenAiResponsesInstrumentationModule().name())
        .isEqualTo(OpenAiJavaInstrumentationModule.NAME);
    assertThat(new OpenAiResponsesInstrumentationModule().helperClassNames())
        .contains(OpenAiResponsesExtractor.class.getName(), OpenAiJavaCalls.class.getName())
        .noneMatch(n -> n.endsWith("InstrumentationModule"));
    assertThat(new OpenAiJavaInstrumentationModule().helperClassNames())
        .noneMatch(n -> n.endsWith("InstrumentationModule"));
  }

  private static boolean matches(Method m, MethodReference ref) {
    return m.getName().equals(ref.methodName()) && m.getParameterCount() == ref.parameterCount();
  }

  private static String delta(int sequence, String text) {
    return "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
        + sequence
        + ",\"item_id\":\"msg_1\","
        + "\"output_index\":0,\"content_index\":0,\"delta\":\""
        + text
        + "\",\"logprobs\":[]}";
  }

  private static ResponseStreamEvent event(String json) {
    return SdkJson.parse(json, ResponseStreamEvent.class);
  }

  private static Object attr(SpanData span, String key) {
    return span.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
