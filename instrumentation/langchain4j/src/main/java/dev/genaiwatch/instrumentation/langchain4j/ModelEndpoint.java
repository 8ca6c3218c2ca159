package dev.genaiwatch.instrumentation.langchain4j;

import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import java.lang.reflect.Field;
import java.util.Locale;

/**
 * Who a LangChain4j model talks to: the provider from the model's class (each provider module has its
 * own model classes), the base URL from the model or its client. Read reflectively because every provider
 * keeps it differently; what cannot be read costs only the attribute.
 */
final class ModelEndpoint {
  private static final String[] URL_FIELDS = {"baseUrl", "endpoint", "url"};
  private static final String[] CLIENT_FIELDS = {"client", "openAiClient", "ollamaClient", "anthropicClient"};

  private ModelEndpoint() {}

  /** The semconv {@code gen_ai.provider.name} for a model class; order matters (Azure OpenAI before OpenAI). */
  static String provider(Class<?> modelClass) {
    String name = modelClass.getName();
    String simple = modelClass.getSimpleName();
    if (simple.startsWith("AzureOpenAi")) {
      return GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI;
    }
    if (simple.startsWith("OpenAi") || name.startsWith("dev.langchain4j.model.openai")) {
      return GenAiProviderNameIncubatingValues.OPENAI;
    }
    if (simple.startsWith("Anthropic")) {
      return GenAiProviderNameIncubatingValues.ANTHROPIC;
    }
    if (simple.startsWith("GoogleAiGemini")) {
      return GenAiProviderNameIncubatingValues.GCP_GEMINI;
    }
    if (simple.startsWith("VertexAi")) {
      return GenAiProviderNameIncubatingValues.GCP_VERTEX_AI;
    }
    if (simple.startsWith("Mistral")) {
      return GenAiProviderNameIncubatingValues.MISTRAL_AI;
    }
    if (simple.startsWith("Bedrock")) {
      return GenAiProviderNameIncubatingValues.AWS_BEDROCK;
    }
    if (simple.startsWith("Watsonx")) {
      return GenAiProviderNameIncubatingValues.IBM_WATSONX_AI;
    }
    if (simple.startsWith("GitHubModels")) {
      return GenAiProviderNameIncubatingValues.AZURE_AI_INFERENCE;
    }
    if (simple.startsWith("Ollama")) {
      // Not (yet) a semconv well-known value; the conventions allow others, lower-case.
      return "ollama";
    }
    // Best effort for other providers: the model class prefix, e.g. "HuggingFaceChatModel" -> "huggingface".
    String prefix = simple.replaceAll("(Streaming)?(Chat|Embedding|Language)Model$", "");
    return prefix.isEmpty() ? "langchain4j" : prefix.toLowerCase(Locale.ROOT);
  }

  /** The base URL the model sends to, or null. */
  static String baseUrl(Object model) {
    String url = stringField(model, URL_FIELDS);
    if (url != null) {
      return url;
    }
    for (String clientField : CLIENT_FIELDS) {
      Object client = field(model, clientField);
      if (client != null) {
        url = stringField(client, URL_FIELDS);
        if (url != null) {
          return url;
        }
      }
    }
    return null;
  }

  private static String stringField(Object target, String[] names) {
    for (String name : names) {
      Object value = field(target, name);
      if (value != null) {
        return value.toString();
      }
    }
    return null;
  }

  private static Object field(Object target, String name) {
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (RuntimeException | IllegalAccessException e) {
        // Not accessible (module boundaries): no server attributes, nothing else lost.
        return null;
      }
    }
    return null;
  }
}
