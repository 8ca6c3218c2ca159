package dev.genaiwatch.core.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameworkFreePackagesTest {
  @Test
  void aLibrarysClassIsKnownByItsBinaryOrItsInternalName() {
    assertThat(FrameworkFreePackages.contains("com.fasterxml.jackson.core.JsonParser")).isTrue();
    assertThat(FrameworkFreePackages.containsInternal("com/fasterxml/jackson/core/JsonParser"))
        .isTrue();
    assertThat(FrameworkFreePackages.containsInternal("io/opentelemetry/api/trace/Span")).isTrue();
  }

  @Test
  void theSdksWovenByMethodHooksAreFrameworkFree() {
    assertThat(FrameworkFreePackages.containsInternal("com/openai/client/OpenAIClient")).isTrue();
    assertThat(FrameworkFreePackages.containsInternal("com/anthropic/client/AnthropicClient"))
        .isTrue();
    assertThat(FrameworkFreePackages.containsInternal("com/google/genai/Client")).isTrue();
  }

  @Test
  void theFrameworksAndTheApplicationAreNot() {
    assertThat(FrameworkFreePackages.contains("dev.langchain4j.model.chat.ChatModel")).isFalse();
    assertThat(
            FrameworkFreePackages.containsInternal("org/springframework/ai/chat/model/ChatModel"))
        .isFalse();
    assertThat(FrameworkFreePackages.containsInternal("com/example/shop/ShopAssistant")).isFalse();
  }
}
