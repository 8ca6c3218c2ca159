package dev.genaiwatch.core.model;

import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The semconv {@code gen_ai.provider.name} of a framework's model class (LangChain4j, Spring AI):
 * each provider module ships its own model classes ({@code OpenAiChatModel}, {@code
 * OllamaChatModel}, ...), named by the same prefixes in both frameworks. One table, so the
 * frameworks cannot disagree.
 */
public final class ProviderNames {
  /**
   * Simple-name prefixes, tried in order: Azure OpenAI before OpenAI, Vertex AI Gemini before
   * Gemini.
   */
  private static final List<Map.Entry<String, String>> BY_PREFIX =
      List.of(
          Map.entry("AzureOpenAi", GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI),
          Map.entry("OpenAi", GenAiProviderNameIncubatingValues.OPENAI),
          Map.entry("Anthropic", GenAiProviderNameIncubatingValues.ANTHROPIC),
          // Vertex AI (also its Gemini models) is gcp.vertex_ai; the Google Gen AI SDK modules are
          // gcp.gen_ai;
          // the Gemini Developer API (LangChain4j's GoogleAiGemini*) is gcp.gemini.
          Map.entry("VertexAi", GenAiProviderNameIncubatingValues.GCP_VERTEX_AI),
          Map.entry("GoogleGenAi", GenAiProviderNameIncubatingValues.GCP_GEN_AI),
          Map.entry("GoogleAiGemini", GenAiProviderNameIncubatingValues.GCP_GEMINI),
          Map.entry("Gemini", GenAiProviderNameIncubatingValues.GCP_GEMINI),
          Map.entry("Bedrock", GenAiProviderNameIncubatingValues.AWS_BEDROCK),
          Map.entry("Mistral", GenAiProviderNameIncubatingValues.MISTRAL_AI),
          Map.entry("DeepSeek", GenAiProviderNameIncubatingValues.DEEPSEEK),
          Map.entry("Watsonx", GenAiProviderNameIncubatingValues.IBM_WATSONX_AI),
          Map.entry("GitHubModels", GenAiProviderNameIncubatingValues.AZURE_AI_INFERENCE),
          // Not (yet) a semconv well-known value; the conventions allow others, lower-case.
          Map.entry("Ollama", "ollama"));

  private static final Pattern MODEL_SUFFIX =
      Pattern.compile("(Streaming)?(Chat|Embedding|Language)Model$");

  private ProviderNames() {}

  /**
   * @param openAiPackage the framework's OpenAI module package: its classes are OpenAI whatever
   *     their name
   * @param fallback the name when the class name gives nothing (the framework's own name)
   */
  public static String ofModelClass(Class<?> modelClass, String openAiPackage, String fallback) {
    String simple = modelClass.getSimpleName();
    for (Map.Entry<String, String> entry : BY_PREFIX) {
      if (simple.startsWith(entry.getKey())) {
        return entry.getValue();
      }
    }
    if (modelClass.getName().startsWith(openAiPackage)) {
      return GenAiProviderNameIncubatingValues.OPENAI;
    }
    // Best effort for other providers: the class prefix, e.g. "HuggingFaceChatModel" ->
    // "huggingface".
    String prefix = MODEL_SUFFIX.matcher(simple).replaceFirst("");
    return prefix.isEmpty() ? fallback : prefix.toLowerCase(Locale.ROOT);
  }
}
