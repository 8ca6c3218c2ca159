package dev.genaiwatch.instrumentation.springai;

import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;

/** Real Spring AI objects the tests build the same way: a model, responses, a tool call. */
final class SpringAiTestObjects {
  private SpringAiTestObjects() {}

  /**
   * A real OpenAI chat model on {@code baseUrl} (never called: the tests read its configuration).
   */
  static OpenAiChatModel openAiModel(String baseUrl, OpenAiChatOptions defaults) {
    return OpenAiChatModel.builder()
        .openAiApi(OpenAiApi.builder().baseUrl(baseUrl).apiKey("sk-unused").build())
        .defaultOptions(defaults)
        .build();
  }

  /** The model asking for the weather in Paris, as tool call {@code call_1}. */
  static AssistantMessage askingForWeather() {
    return AssistantMessage.builder()
        .content("")
        .toolCalls(
            List.of(
                new AssistantMessage.ToolCall(
                    "call_1", "function", "weather", "{\"city\":\"Paris\"}")))
        .build();
  }

  /**
   * A response (or stream chunk) of {@code chatcmpl-1}: {@code output} with {@code finishReason},
   * or no generation at all when {@code output} is null; {@code usage} when not null.
   */
  static ChatResponse response(AssistantMessage output, String finishReason, Usage usage) {
    ChatResponseMetadata.Builder metadata =
        ChatResponseMetadata.builder().id("chatcmpl-1").model("qwen-served");
    if (usage != null) {
      metadata.usage(usage);
    }
    List<Generation> generations =
        output == null
            ? List.of()
            : List.of(
                new Generation(
                    output, ChatGenerationMetadata.builder().finishReason(finishReason).build()));
    return new ChatResponse(generations, metadata.build());
  }
}
