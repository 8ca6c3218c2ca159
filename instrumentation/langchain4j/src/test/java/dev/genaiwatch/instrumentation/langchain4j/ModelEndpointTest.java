package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.Test;

class ModelEndpointTest {
  // Stand-ins named like the provider modules' model classes: the provider is read from the class
  // name.
  static final class AzureOpenAiChatModel {}

  static final class OllamaStreamingChatModel {}

  static final class AnthropicChatModel {}

  static final class GoogleAiGeminiChatModel {}

  static final class VertexAiGeminiChatModel {}

  static final class MistralAiChatModel {}

  static final class BedrockChatModel {}

  static final class HuggingFaceChatModel {}

  /** Keeps its URL in a field of its own, as some providers do. */
  static final class SelfHostedChatModel {
    private final String baseUrl = "https://llm.example.com/api?key=secret";
  }

  @Test
  void providerComesFromTheModelClass() {
    assertThat(ModelEndpoint.provider(OpenAiChatModel.class)).isEqualTo("openai");
    assertThat(ModelEndpoint.provider(OpenAiStreamingChatModel.class)).isEqualTo("openai");
    assertThat(ModelEndpoint.provider(AzureOpenAiChatModel.class)).isEqualTo("azure.ai.openai");
    assertThat(ModelEndpoint.provider(OllamaStreamingChatModel.class)).isEqualTo("ollama");
    assertThat(ModelEndpoint.provider(AnthropicChatModel.class)).isEqualTo("anthropic");
    assertThat(ModelEndpoint.provider(GoogleAiGeminiChatModel.class)).isEqualTo("gcp.gemini");
    assertThat(ModelEndpoint.provider(VertexAiGeminiChatModel.class)).isEqualTo("gcp.vertex_ai");
    assertThat(ModelEndpoint.provider(MistralAiChatModel.class)).isEqualTo("mistral_ai");
    assertThat(ModelEndpoint.provider(BedrockChatModel.class)).isEqualTo("aws.bedrock");
  }

  @Test
  void unknownProviderIsNamedAfterTheModelClassPrefix() {
    assertThat(ModelEndpoint.provider(HuggingFaceChatModel.class)).isEqualTo("huggingface");
  }

  @Test
  void baseUrlIsReadFromTheModelsClient() {
    Object chat =
        OpenAiChatModel.builder()
            .baseUrl("http://127.0.0.1:8000/v1")
            .apiKey("k")
            .modelName("m")
            .build();
    Object embeddings =
        OpenAiEmbeddingModel.builder()
            .baseUrl("http://127.0.0.1:9000/v1")
            .apiKey("k")
            .modelName("e")
            .build();

    assertThat(ModelEndpoint.baseUrl(chat)).startsWith("http://127.0.0.1:8000/v1");
    assertThat(ModelEndpoint.baseUrl(embeddings)).startsWith("http://127.0.0.1:9000/v1");
  }

  @Test
  void baseUrlIsReadFromTheModelItself() {
    assertThat(ModelEndpoint.baseUrl(new SelfHostedChatModel()))
        .isEqualTo("https://llm.example.com/api?key=secret");
  }

  @Test
  void modelWithoutAUrlGivesNone() {
    assertThat(ModelEndpoint.baseUrl(new AnthropicChatModel())).isNull();
  }
}
