package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import dev.genaiwatch.core.testing.InstrumentationModuleContract;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
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
  void chatModelAdviceGoesOnThePromptMethodsNotOnTheBridges() {
    List<String> matched =
        matchedMethods(SpringAiInstrumentationModule.CHAT_MODELS, OpenAiChatModel.class);

    assertThat(matched)
        .containsExactlyInAnyOrder(
            "call(org.springframework.ai.chat.prompt.Prompt)",
            "internalCall(org.springframework.ai.chat.prompt.Prompt,org.springframework.ai.chat.model.ChatResponse)",
            "stream(org.springframework.ai.chat.prompt.Prompt)",
            "internalStream(org.springframework.ai.chat.prompt.Prompt,org.springframework.ai.chat.model.ChatResponse)");
  }

  @Test
  void embeddingModelAdviceGoesOnCallWithAnEmbeddingRequest() {
    assertThat(
            matchedMethods(
                SpringAiInstrumentationModule.EMBEDDING_MODELS, OpenAiEmbeddingModel.class))
        .containsExactly("call(org.springframework.ai.embedding.EmbeddingRequest)");
  }

  private static List<String> matchedMethods(TypeInstrumentation instrumentation, Class<?> type) {
    TypeDescription description = TypeDescription.ForLoadedType.of(type);
    assertThat(instrumentation.typeMatcher().matches(description)).isTrue();
    return description.getDeclaredMethods().stream()
        .filter(
            m ->
                instrumentation.adviceBindings().stream()
                    .anyMatch(b -> b.methodMatcher().matches(m)))
        .map(SpringAiInstrumentationModuleTest::signature)
        .toList();
  }

  private static String signature(MethodDescription m) {
    return m.getName()
        + "("
        + String.join(
            ",",
            m.getParameters().asTypeList().asErasures().stream()
                .map(TypeDescription::getName)
                .toList())
        + ")";
  }
}
