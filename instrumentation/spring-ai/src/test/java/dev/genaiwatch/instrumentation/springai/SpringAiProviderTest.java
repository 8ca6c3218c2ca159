package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

  static Stream<Arguments> modelClasses() {
    String openAi = "OpenAI's model classes are openai";
    String semconv = "a provider maps to its semconv name";
    return Stream.of(
        arguments(OpenAiChatModel.class, "openai", openAi),
        arguments(OpenAiEmbeddingModel.class, "openai", openAi),
        arguments(OpenAiAudioTranscriptionModel.class, "openai", openAi),
        arguments(
            AzureOpenAiChatModel.class, "azure.ai.openai", "Azure OpenAI is not plain OpenAI"),
        arguments(OllamaChatModel.class, "ollama", semconv),
        arguments(AnthropicChatModel.class, "anthropic", semconv),
        arguments(VertexAiGeminiChatModel.class, "gcp.vertex_ai", semconv),
        arguments(GoogleGenAiChatModel.class, "gcp.gen_ai", semconv),
        arguments(BedrockProxyChatModel.class, "aws.bedrock", semconv),
        arguments(MistralAiChatModel.class, "mistral_ai", semconv),
        arguments(DeepSeekChatModel.class, "deepseek", semconv),
        arguments(
            MiniMaxChatModel.class, "minimax", "an unknown provider is the lower-cased prefix"));
  }

  @ParameterizedTest(name = "{2}: {0}")
  @MethodSource("modelClasses")
  void providerNameFollowsTheModelClass(Class<?> model, String provider, String rule) {
    assertThat(SpringAiProvider.of(model)).isEqualTo(provider);
  }
}
