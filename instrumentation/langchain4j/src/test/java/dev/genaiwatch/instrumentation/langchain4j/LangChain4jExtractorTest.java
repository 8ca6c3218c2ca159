package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.testing.ToolRoundMessages;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.net.http.HttpTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jExtractorTest {
  private static final OpenAiChatModel MODEL =
      OpenAiChatModel.builder()
          .baseUrl("http://vllm.internal:8000/v1")
          .apiKey("sk-unused")
          .modelName("m")
          .build();
  private static final ToolExecutionRequest WEATHER =
      ToolExecutionRequest.builder()
          .id("call_1")
          .name("weather")
          .arguments("{\"city\":\"Paris\"}")
          .build();

  @Test
  void requestParametersProviderAndServerComeFromTheRequestAndTheModel() {
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from("hi"))
            .parameters(
                OpenAiChatRequestParameters.builder()
                    .modelName("qwen")
                    .temperature(0.2)
                    .topP(0.9)
                    .frequencyPenalty(0.1)
                    .presencePenalty(0.3)
                    .maxOutputTokens(24)
                    .stopSequences(List.of("END"))
                    .seed(7)
                    .build())
            .build();

    LlmCall call = LangChain4jExtractor.chatRequest(MODEL, request, false, true);

    assertThat(call.provider).isEqualTo("openai");
    assertThat(call.instrumentation).isEqualTo("langchain4j");
    assertThat(call.serverAddress).isEqualTo("vllm.internal");
    assertThat(call.serverPort).isEqualTo(8000L);
    assertThat(call.requestModel).isEqualTo("qwen");
    assertThat(call.temperature).isEqualTo(0.2);
    assertThat(call.topP).isEqualTo(0.9);
    assertThat(call.frequencyPenalty).isEqualTo(0.1);
    assertThat(call.presencePenalty).isEqualTo(0.3);
    assertThat(call.maxTokens).isEqualTo(24L);
    assertThat(call.stopSequences).containsExactly("END");
    assertThat(call.seed).isEqualTo(7L);
  }

  @Test
  void openAiMaxCompletionTokensCountsAsMaxTokens() {
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from("hi"))
            .parameters(OpenAiChatRequestParameters.builder().maxCompletionTokens(99).build())
            .build();

    assertThat(LangChain4jExtractor.chatRequest(MODEL, request, false, false).maxTokens)
        .isEqualTo(99L);
  }

  @Test
  void messagesBecomeSemconvMessagesWithToolCallsAndToolResults() {
    ChatRequest request =
        ChatRequest.builder()
            .messages(
                SystemMessage.from("Be brief."),
                UserMessage.from("Weather in Paris?"),
                AiMessage.from(List.of(WEATHER)),
                ToolExecutionResultMessage.from(WEATHER, "sunny"))
            .build();

    LlmCall call = LangChain4jExtractor.chatRequest(MODEL, request, false, true);

    assertThat(call.systemInstructions).containsExactly("Be brief.");
    assertThat(call.inputMessages).containsExactly(ToolRoundMessages.weatherInParis());
  }

  @Test
  void contentIsNotReadWhenCaptureIsOff() {
    ChatRequest request =
        ChatRequest.builder().messages(UserMessage.from("secret question")).build();

    LlmCall call = LangChain4jExtractor.chatRequest(MODEL, request, false, false);
    LangChain4jExtractor.chatResponse(
        ChatResponse.builder().aiMessage(AiMessage.from("answer")).build(), call);

    assertThat(call.inputMessages).isNull();
    assertThat(call.outputMessages).isNull();
  }

  @Test
  void responseGivesIdModelUsageCachedAndReasoningTokensAndFinishReason() {
    LlmCall call =
        LangChain4jExtractor.chatRequest(
            MODEL, ChatRequest.builder().messages(UserMessage.from("q")).build(), false, true);
    OpenAiTokenUsage usage =
        OpenAiTokenUsage.builder()
            .inputTokenCount(30)
            .outputTokenCount(12)
            .inputTokensDetails(
                OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(16).build())
            .outputTokensDetails(
                OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(5).build())
            .build();

    LangChain4jExtractor.chatResponse(
        ChatResponse.builder()
            .id("chatcmpl-1")
            .modelName("qwen-served")
            .aiMessage(AiMessage.from("Paris."))
            .tokenUsage(usage)
            .finishReason(FinishReason.STOP)
            .build(),
        call);

    assertThat(call.responseId).isEqualTo("chatcmpl-1");
    assertThat(call.responseModel).isEqualTo("qwen-served");
    assertThat(call.inputTokens).isEqualTo(30L);
    assertThat(call.outputTokens).isEqualTo(12L);
    assertThat(call.cacheReadInputTokens).isEqualTo(16L);
    assertThat(call.reasoningOutputTokens).isEqualTo(5L);
    assertThat(call.finishReasons).containsExactly("stop");
    assertThat(call.outputMessages)
        .containsExactly(
            new GenAiMessage("assistant", List.of(MessagePart.text("Paris.")), "stop"));
  }

  @Test
  void plainTokenUsageHasNoCachedTokens() {
    LlmCall call = new LlmCall();

    LangChain4jExtractor.chatResponse(
        ChatResponse.builder()
            .aiMessage(AiMessage.from("a"))
            .tokenUsage(new TokenUsage(3, 4))
            .build(),
        call);

    assertThat(call.inputTokens).isEqualTo(3L);
    assertThat(call.cacheReadInputTokens).isNull();
  }

  @Test
  void finishReasonsUseTheOpenAiWireValues() {
    assertThat(LangChain4jExtractor.finishReason(FinishReason.STOP)).isEqualTo("stop");
    assertThat(LangChain4jExtractor.finishReason(FinishReason.LENGTH)).isEqualTo("length");
    assertThat(LangChain4jExtractor.finishReason(FinishReason.TOOL_EXECUTION))
        .isEqualTo("tool_calls");
    assertThat(LangChain4jExtractor.finishReason(FinishReason.CONTENT_FILTER))
        .isEqualTo("content_filter");
    assertThat(LangChain4jExtractor.finishReason(null)).isNull();
  }

  @Test
  void errorTypeIsTheHttpStatusAnywhereInTheCauseChainElseTheClass() {
    assertThat(
            LangChain4jExtractor.errorType(
                new RateLimitException(new HttpException(429, "slow down"))))
        .isEqualTo("429");
    assertThat(LangChain4jExtractor.errorType(new IllegalStateException("x")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(LangChain4jExtractor.errorType(new RuntimeException(new HttpTimeoutException("t"))))
        .isEqualTo("timeout");
  }
}
