package dev.genaiwatch.instrumentation.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.HttpApiClient;
import com.google.genai.errors.ClientException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extractor on the SDK's own objects (as resolved), and the spans its reads make. */
class GoogleGenAiExtractorTest {
  private static final String MODEL = "gemini-2.5-flash";
  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  static HttpApiClient geminiClient(String baseUrl) {
    return new HttpApiClient(
        Optional.of("AIza-test-key"),
        Optional.of(HttpOptions.builder().baseUrl(baseUrl).build()),
        Optional.empty());
  }

  static GenerateContentResponse response(String json) {
    return GenerateContentResponse.fromJson(json);
  }

  @Test
  void theGeminiDeveloperApiIsGcpGeminiWithTheClientsServerAndTheBareModelName() {
    LlmCall call =
        GoogleGenAiExtractor.request(
            geminiClient("http://127.0.0.1:8123/"), "models/" + MODEL, LlmCall.OP_CHAT, true);

    assertThat(call.provider).isEqualTo("gcp.gemini");
    assertThat(call.instrumentation).isEqualTo("google-genai");
    assertThat(call.requestModel).isEqualTo(MODEL);
    assertThat(call.stream).isTrue();
    assertThat(call.serverAddress).isEqualTo("127.0.0.1");
    assertThat(call.serverPort).isEqualTo(8123L);
  }

  @Test
  void withoutAClientTheProviderIsAnyGoogleGenAiEndpoint() {
    assertThat(GoogleGenAiExtractor.request(null, MODEL, LlmCall.OP_CHAT, false).provider)
        .isEqualTo("gcp.gen_ai");
  }

  @Test
  void configGivesTheRequestParametersAsTheApplicationWroteThem() throws Throwable {
    LlmCall call = new LlmCall();
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .maxOutputTokens(64)
            .temperature(0.2f)
            .topP(0.9f)
            .presencePenalty(0.3f)
            .frequencyPenalty(0.1f)
            .seed(7)
            .candidateCount(2)
            .stopSequences(List.of("END"))
            .build();

    GoogleGenAiExtractor.chatRequest(List.of(), config, call, false);

    assertThat(call.maxTokens).isEqualTo(64L);
    assertThat(call.temperature).isEqualTo(0.2);
    assertThat(call.topP).isEqualTo(0.9);
    assertThat(call.presencePenalty).isEqualTo(0.3);
    assertThat(call.frequencyPenalty).isEqualTo(0.1);
    assertThat(call.seed).isEqualTo(7L);
    assertThat(call.choiceCount).isEqualTo(2L);
    assertThat(call.stopSequences).containsExactly("END");
    assertThat(call.inputMessages).isNull();
  }

  @Test
  void contentsBecomeMessagesWithFunctionCallsAndResponsesAndTheSystemInstruction()
      throws Throwable {
    LlmCall call = new LlmCall();
    Content question = Content.builder().role("user").parts(Part.fromText("Weather?")).build();
    Content modelTurn =
        Content.builder()
            .role("model")
            .parts(
                Part.builder()
                    .functionCall(
                        FunctionCall.builder()
                            .id("c1")
                            .name("get_weather")
                            .args(Map.of("city", "Lisbon"))
                            .build())
                    .build())
            .build();
    Content toolTurn =
        Content.builder()
            .role("user")
            .parts(Part.fromFunctionResponse("get_weather", Map.of("result", "sunny")))
            .build();
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .systemInstruction(Content.fromParts(Part.fromText("Be brief.")))
            .build();

    GoogleGenAiExtractor.chatRequest(List.of(question, modelTurn, toolTurn), config, call, true);

    assertThat(call.systemInstructions).containsExactly("Be brief.");
    assertThat(call.inputMessages)
        .containsExactly(
            GenAiMessage.text("user", "Weather?"),
            new GenAiMessage(
                "assistant",
                List.of(MessagePart.toolCall("c1", "get_weather", "{\"city\":\"Lisbon\"}")),
                null),
            new GenAiMessage(
                "tool",
                List.of(MessagePart.toolCallResponse(null, "{\"result\":\"sunny\"}")),
                null));
  }

  @Test
  void responseGivesUsageWithCachedAndThinkingTokensFinishReasonAndOutput() throws Throwable {
    ActiveLlmCall active = telemetry.startChat("google-genai", false);

    GoogleGenAiExtractor.response(
        response(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"text\":\"thinking...\",\"thought\":true},{\"text\":\"Rome.\"}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":30,\"candidatesTokenCount\":2,"
                + "\"cachedContentTokenCount\":12,\"thoughtsTokenCount\":5,\"totalTokenCount\":37},"
                + "\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"r-1\"}"),
        active);
    active.end();

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(30L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"))).isEqualTo(5L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"))).isEqualTo(12L);
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("gemini-2.5-flash-001");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("r-1");
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Rome.\"}],"
                + "\"finish_reason\":\"stop\"}]");
  }

  @Test
  void aCandidateCallingAFunctionFinishesWithToolCall() throws Throwable {
    ActiveLlmCall active = telemetry.startChat("google-genai", false);

    GoogleGenAiExtractor.response(
        response(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                + "{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]},"
                + "\"finishReason\":\"STOP\"}]}"),
        active);
    active.end();

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("tool_call");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("{\"type\":\"tool_call\",\"name\":\"get_weather\",\"arguments\":")
        .contains("Oslo");
  }

  @Test
  void geminiFinishReasonsMapToTheConventions() {
    assertThat(GeminiContents.finishReason("STOP", false)).isEqualTo("stop");
    assertThat(GeminiContents.finishReason("MAX_TOKENS", false)).isEqualTo("length");
    assertThat(GeminiContents.finishReason("SAFETY", false)).isEqualTo("content_filter");
    assertThat(GeminiContents.finishReason("MALFORMED_FUNCTION_CALL", false))
        .isEqualTo("malformed_function_call");
    assertThat(GeminiContents.finishReason("FINISH_REASON_UNSPECIFIED", false)).isNull();
  }

  @Test
  void errorTypeIsTheApiStatusOrTimeoutOrTheClass() {
    assertThat(GoogleGenAiExtractor.errorType(new ClientException(429, "RESOURCE_EXHAUSTED", "x")))
        .isEqualTo("429");
    assertThat(
            GoogleGenAiExtractor.errorType(
                new RuntimeException(new SocketTimeoutException("timeout"))))
        .isEqualTo("timeout");
    assertThat(GoogleGenAiExtractor.errorType(new IllegalStateException()))
        .isEqualTo("java.lang.IllegalStateException");
  }
}
