package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.instrumentation.DeclaredFields;
import dev.genaiwatch.core.model.ProviderNames;

/**
 * Who a LangChain4j model talks to: the provider from the model's class (each provider module has
 * its own model classes), the base URL from the model or its client. Read reflectively because
 * every provider keeps it differently; what cannot be read costs only the attribute.
 */
final class ModelEndpoint {
  private static final String[] URL_FIELDS = {"baseUrl", "endpoint", "url"};
  private static final String[] CLIENT_FIELDS = {
    "client", "openAiClient", "ollamaClient", "anthropicClient"
  };

  private ModelEndpoint() {}

  /** The semconv {@code gen_ai.provider.name} for a model class. */
  static String provider(Class<?> modelClass) {
    return ProviderNames.ofModelClass(modelClass, "dev.langchain4j.model.openai", "langchain4j");
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
    return DeclaredFields.value(target, name);
  }
}
