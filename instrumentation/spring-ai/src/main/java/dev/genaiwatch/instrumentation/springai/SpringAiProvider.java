package dev.genaiwatch.instrumentation.springai;

import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import java.util.Locale;

/**
 * The semconv {@code gen_ai.provider.name} of a Spring AI model, from its class: each provider module has
 * its own {@code ChatModel}/{@code EmbeddingModel} classes ({@code OpenAiChatModel}, {@code OllamaChatModel},
 * ...). Order matters: Azure OpenAI before OpenAI.
 */
final class SpringAiProvider {
  private SpringAiProvider() {}

  static String of(Class<?> modelClass) {
    String simple = modelClass.getSimpleName();
    String name = modelClass.getName();
    if (simple.startsWith("AzureOpenAi")) {
      return GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI;
    }
    if (simple.startsWith("OpenAi") || name.startsWith("org.springframework.ai.openai.")) {
      return GenAiProviderNameIncubatingValues.OPENAI;
    }
    if (simple.startsWith("Anthropic")) {
      return GenAiProviderNameIncubatingValues.ANTHROPIC;
    }
    // Vertex AI (also its Gemini models) is gcp.vertex_ai; the Google Gen AI SDK module is gcp.gen_ai.
    if (simple.startsWith("VertexAi")) {
      return GenAiProviderNameIncubatingValues.GCP_VERTEX_AI;
    }
    if (simple.startsWith("GoogleGenAi")) {
      return GenAiProviderNameIncubatingValues.GCP_GEN_AI;
    }
    if (simple.startsWith("Gemini")) {
      return GenAiProviderNameIncubatingValues.GCP_GEMINI;
    }
    if (simple.startsWith("Bedrock")) {
      return GenAiProviderNameIncubatingValues.AWS_BEDROCK;
    }
    if (simple.startsWith("Mistral")) {
      return GenAiProviderNameIncubatingValues.MISTRAL_AI;
    }
    if (simple.startsWith("DeepSeek")) {
      return GenAiProviderNameIncubatingValues.DEEPSEEK;
    }
    if (simple.startsWith("Watsonx")) {
      return GenAiProviderNameIncubatingValues.IBM_WATSONX_AI;
    }
    if (simple.startsWith("Ollama")) {
      // Not (yet) a semconv well-known value; the conventions allow others, lower-case.
      return "ollama";
    }
    // Best effort for other providers: the class prefix, e.g. "MiniMaxChatModel" -> "minimax".
    String prefix = simple.replaceAll("(Chat|Embedding)Model$", "");
    return prefix.isEmpty() ? "spring-ai" : prefix.toLowerCase(Locale.ROOT);
  }
}
