package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.instrumentation.DeclaredFields;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base URL a Spring AI model sends to, for {@code server.address}/{@code server.port}.
 * Providers keep it differently: 1.1 in their low-level API object ({@code OpenAiApi.baseUrl},
 * {@code OllamaApi}, ...), 2.0 OpenAI in its options ({@code OpenAiChatOptions.getBaseUrl()}).
 * Found by looking one level into the model's Spring AI fields; the answer is cached per model
 * object (models are long-lived beans).
 */
final class ModelEndpoint {
  private static final String NONE = "";
  private static final Map<Object, String> CACHE = new ConcurrentHashMap<>();
  private static final int MAX_CACHED = 256;

  private ModelEndpoint() {}

  static String baseUrl(Object model) {
    String cached = CACHE.get(model);
    if (cached == null) {
      cached = find(model);
      if (CACHE.size() < MAX_CACHED) {
        CACHE.put(model, cached == null ? NONE : cached);
      }
    }
    return cached == null || cached.isEmpty() ? null : cached;
  }

  private static String find(Object model) {
    String direct = baseUrlOf(model);
    if (direct != null) {
      return direct;
    }
    for (Object value : DeclaredFields.objectValues(model)) {
      if (isProviderObject(value.getClass().getName())) {
        String url = baseUrlOf(value);
        if (url != null) {
          return url;
        }
      }
    }
    return null;
  }

  /**
   * Spring AI's own API and options objects, and the provider SDK clients 2.0 modules hold (OpenAI,
   * Anthropic).
   */
  private static boolean isProviderObject(String className) {
    return className.startsWith("org.springframework.ai.")
        || className.startsWith("com.openai.")
        || className.startsWith("com.anthropic.");
  }

  private static String baseUrlOf(Object target) {
    String url = Reflect.string(target, "getBaseUrl");
    if (url == null) {
      url = Reflect.string(target, "baseUrl");
    }
    if (url == null) {
      // The OpenAI Java SDK's client keeps it in its ClientOptions.
      url = Reflect.string(Reflect.field(target, "clientOptions"), "baseUrl");
    }
    if (url != null) {
      return url;
    }
    return DeclaredFields.value(target, "baseUrl") instanceof String s ? s : null;
  }
}
