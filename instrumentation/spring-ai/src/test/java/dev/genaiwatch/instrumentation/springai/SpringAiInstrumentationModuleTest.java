package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.InstrumentationModuleContract;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiEmbeddingModel;

class SpringAiInstrumentationModuleTest extends InstrumentationModuleContract {
  @Override
  protected InstrumentationModule module() {
    return new SpringAiInstrumentationModule();
  }

  @Test
  void requiredMethodsNeedOnlySpringAiModelSoChatModelOnlyAppsAreCovered() {
    assertThat(module().requiredMethods())
        .noneMatch(ref -> ref.className().startsWith("org.springframework.ai.chat.client."));
  }

  @Test
  void chatModelHooksGoOnThePromptMethodsNotOnTheBridges() {
    assertThat(hookedMethods(OpenAiChatModel.class))
        .containsExactlyInAnyOrder(
            "call(org.springframework.ai.chat.prompt.Prompt)",
            "internalCall(org.springframework.ai.chat.prompt.Prompt,org.springframework.ai.chat.model.ChatResponse)",
            "stream(org.springframework.ai.chat.prompt.Prompt)",
            "internalStream(org.springframework.ai.chat.prompt.Prompt,org.springframework.ai.chat.model.ChatResponse)");
  }

  @Test
  void embeddingModelHooksGoOnCallWithAnEmbeddingRequest() {
    assertThat(hookedMethods(OpenAiEmbeddingModel.class))
        .containsExactly("call(org.springframework.ai.embedding.EmbeddingRequest)");
  }
}
