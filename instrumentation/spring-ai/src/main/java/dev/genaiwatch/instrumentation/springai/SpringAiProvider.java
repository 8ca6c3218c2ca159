package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.model.ProviderNames;

/**
 * The semconv {@code gen_ai.provider.name} of a Spring AI model, from its class: each provider
 * module has its own {@code ChatModel}/{@code EmbeddingModel} classes ({@code OpenAiChatModel},
 * {@code OllamaChatModel}, ...), by the table LangChain4j uses too.
 */
final class SpringAiProvider {
  private SpringAiProvider() {}

  static String of(Class<?> modelClass) {
    return ProviderNames.ofModelClass(modelClass, "org.springframework.ai.openai.", "spring-ai");
  }
}
