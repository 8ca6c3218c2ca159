package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiAudioTranscriptionModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiEmbeddingModel;

/**
 * Provider names per the semconv well-known values, from the model class each Spring AI provider
 * module ships.
 */
class SpringAiProviderTest {
  // Stand-ins named like the other providers' model classes, whose modules are not on this test's
  // class path.
  static class AzureOpenAiChatModel {}

  static class OllamaChatModel {}

  static class AnthropicChatModel {}

  static class VertexAiGeminiChatModel {}

  static class GoogleGenAiChatModel {}

  static class BedrockProxyChatModel {}

  static class MistralAiChatModel {}

  static class DeepSeekChatModel {}

  static class MiniMaxChatModel {}

  @Test
  void openAiModelClassesAreOpenai() {
    assertThat(SpringAiProvider.of(OpenAiChatModel.class)).isEqualTo("openai");
    assertThat(SpringAiProvider.of(OpenAiEmbeddingModel.class)).isEqualTo("openai");
    assertThat(SpringAiProvider.of(OpenAiAudioTranscriptionModel.class)).isEqualTo("openai");
  }

  @Test
  void azureOpenAiIsNotPlainOpenAi() {
    assertThat(SpringAiProvider.of(AzureOpenAiChatModel.class)).isEqualTo("azure.ai.openai");
  }

  @Test
  void otherProvidersMapToTheirSemconvNames() {
    assertThat(SpringAiProvider.of(OllamaChatModel.class)).isEqualTo("ollama");
    assertThat(SpringAiProvider.of(AnthropicChatModel.class)).isEqualTo("anthropic");
    assertThat(SpringAiProvider.of(VertexAiGeminiChatModel.class)).isEqualTo("gcp.vertex_ai");
    assertThat(SpringAiProvider.of(GoogleGenAiChatModel.class)).isEqualTo("gcp.gen_ai");
    assertThat(SpringAiProvider.of(BedrockProxyChatModel.class)).isEqualTo("aws.bedrock");
    assertThat(SpringAiProvider.of(MistralAiChatModel.class)).isEqualTo("mistral_ai");
    assertThat(SpringAiProvider.of(DeepSeekChatModel.class)).isEqualTo("deepseek");
  }

  @Test
  void unknownProvidersAreTheLowerCasedClassPrefix() {
    assertThat(SpringAiProvider.of(MiniMaxChatModel.class)).isEqualTo("minimax");
  }
}
