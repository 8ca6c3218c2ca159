package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.testing.ExpectedOptions;
import dev.genaiwatch.core.testing.ExpectedResponse;
import dev.genaiwatch.core.testing.ToolRoundMessages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * The extractor against real Spring AI 1.1 objects (spring-ai-model and the OpenAI provider
 * module).
 */
class SpringAiExtractorTest {
  private static final OpenAiChatModel MODEL =
      SpringAiTestObjects.openAiModel(
          "http://vllm.internal:8000",
          OpenAiChatOptions.builder().model("default-model").temperature(0.7).build());

  @Test
  void requestOptionsComeFromThePromptIncludingOpenAiOnlyOnes() {
    OpenAiChatOptions options =
        OpenAiChatOptions.builder()
            .model("qwen")
            .maxTokens(24)
            .temperature(0.2)
            .topP(0.9)
            .frequencyPenalty(0.1)
            .presencePenalty(0.3)
            .seed(7)
            .N(2)
            .stop(List.of("END"))
            .build();

    LlmCall call = SpringAiExtractor.chatRequest(MODEL, new Prompt("hi", options), false, true);

    assertThat(call.instrumentation).isEqualTo("spring-ai");
    assertThat(call.operation).isEqualTo("chat");
    assertThat(call.provider).isEqualTo("openai");
    assertThat(call.requestModel).isEqualTo("qwen");
    new ExpectedOptions(24L, 0.2, 0.9, 0.1, 0.3, 7L, 2L, List.of("END")).assertReadInto(call);
    assertThat(call.stream).isFalse();
  }

  @Test
  void optionsThePromptLeavesUnsetComeFromTheModelDefaults() {
    LlmCall call =
        SpringAiExtractor.chatRequest(
            MODEL, new Prompt("hi", ChatOptions.builder().maxTokens(5).build()), true, true);

    assertThat(call.requestModel).isEqualTo("default-model");
    assertThat(call.temperature).isEqualTo(0.7);
    assertThat(call.maxTokens).isEqualTo(5L);
    assertThat(call.stream).isTrue();
  }

  @Test
  void maxCompletionTokensStandsInForMaxTokens() {
    LlmCall call =
        SpringAiExtractor.chatRequest(
            MODEL,
            new Prompt("hi", OpenAiChatOptions.builder().maxCompletionTokens(64).build()),
            false,
            false);

    assertThat(call.maxTokens).isEqualTo(64L);
    assertThat(call.choiceCount).isNull();
  }

  @Test
  void messagesBecomeSystemInstructionsAndGenAiMessagesWithToolCallsAndResults() {
    AssistantMessage asked = SpringAiTestObjects.askingForWeather();
    ToolResponseMessage answered =
        ToolResponseMessage.builder()
            .responses(List.of(new ToolResponseMessage.ToolResponse("call_1", "weather", "sunny")))
            .build();
    Prompt prompt =
        new Prompt(
            List.of(
                new SystemMessage("Be brief."),
                new UserMessage("Weather in Paris?"),
                asked,
                answered));

    LlmCall call = SpringAiExtractor.chatRequest(MODEL, prompt, false, true);

    assertThat(call.systemInstructions).containsExactly("Be brief.");
    assertThat(call.inputMessages).containsExactly(ToolRoundMessages.weatherInParis());
  }

  @Test
  void contentIsNotReadWhenCaptureIsOff() {
    LlmCall call = SpringAiExtractor.chatRequest(MODEL, new Prompt("secret"), false, false);

    assertThat(call.inputMessages).isNull();
    assertThat(call.systemInstructions).isNull();
  }

  @Test
  void responseGivesIdModelUsageCachedTokensFinishReasonAndOutput() {
    OpenAiApi.Usage nativeUsage =
        new OpenAiApi.Usage(
            9,
            30,
            39,
            new OpenAiApi.Usage.PromptTokensDetails(null, 16),
            new OpenAiApi.Usage.CompletionTokenDetails(4, null, null, null));
    ChatResponse response =
        SpringAiTestObjects.response(
            new AssistantMessage("Paris."), "STOP", new DefaultUsage(30, 9, 39, nativeUsage));
    LlmCall call = SpringAiExtractor.chatRequest(MODEL, new Prompt("hi"), false, true);

    SpringAiExtractor.chatResponse(response, call);

    new ExpectedResponse("chatcmpl-1", "qwen-served", 30, 9, 16, 4, "stop", "Paris.")
        .assertReadInto(call);
  }

  @Test
  void theRoundAfterAToolExecutionReportsOnlyItsOwnUsage() {
    // Spring AI 1.1 sums usage over the rounds of a tool loop, without native usage.
    ChatResponse first = SpringAiTestObjects.response(null, null, new DefaultUsage(20, 9));
    ChatResponse second =
        SpringAiTestObjects.response(new AssistantMessage("sunny"), null, new DefaultUsage(62, 37));
    LlmCall call = new LlmCall();

    SpringAiExtractor.chatResponse(second, first, call);

    assertThat(call.inputTokens).isEqualTo(42L);
    assertThat(call.outputTokens).isEqualTo(28L);
  }

  @Test
  void aRoundWhoseResponseCarriesOnlyTheEarlierRoundsUsageHasNoUsageOfItsOwn() {
    // UsageCalculator.getCumulativeUsage hands back the previous response's Usage object itself.
    DefaultUsage earlier = new DefaultUsage(20, 9);
    ChatResponse first = SpringAiTestObjects.response(null, null, earlier);
    ChatResponse second = SpringAiTestObjects.response(new AssistantMessage("sun"), null, earlier);
    LlmCall call = new LlmCall();

    SpringAiExtractor.chatResponse(second, first, call);

    assertThat(call.inputTokens).isNull();
    assertThat(call.outputTokens).isNull();
  }

  @Test
  void emptyUsageIsNoUsage() {
    ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("x"))));
    LlmCall call = new LlmCall();

    SpringAiExtractor.chatResponse(response, call);

    assertThat(call.inputTokens).isNull();
    assertThat(call.outputTokens).isNull();
  }

  @Test
  void errorTypeIsTheHttpStatusFromSpringAiRetryExceptionsElseTheClass() {
    assertThat(SpringAiExtractor.errorType(new TransientAiException("HTTP 500 - {\"error\":{}}")))
        .isEqualTo("500");
    assertThat(
            SpringAiExtractor.errorType(
                new RuntimeException(
                    "wrapped", new NonTransientAiException("HTTP 429 - rate limited"))))
        .isEqualTo("429");
    assertThat(SpringAiExtractor.errorType(new IllegalStateException("no status")))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void serverEndpointIsFoundInTheProvidersApiObject() {
    assertThat(ModelEndpoint.baseUrl(MODEL)).isEqualTo("http://vllm.internal:8000");
  }

  @Test
  void retrievedDocumentsKeepIdTextAndScore() {
    var documents =
        SpringAiFrameworkCalls.documents(
            List.of(
                org.springframework.ai.document.Document.builder()
                    .id("d1")
                    .text("first")
                    .score(0.9)
                    .build(),
                "not a document"));

    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).id()).isEqualTo("d1");
    assertThat(documents.get(0).content()).isEqualTo("first");
    assertThat(documents.get(0).score()).isEqualTo(0.9);
  }
}
