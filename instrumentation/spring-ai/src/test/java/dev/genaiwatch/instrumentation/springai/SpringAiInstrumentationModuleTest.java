package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiEmbeddingModel;

class SpringAiInstrumentationModuleTest {
  private final SpringAiInstrumentationModule module = new SpringAiInstrumentationModule();

  @Test
  void everyRequiredMethodExistsInTheSpringAiVersionBuiltAgainst() throws Exception {
    for (MethodReference ref : module.requiredMethods()) {
      Class<?> type = Class.forName(ref.className());
      assertThat(Arrays.stream(type.getMethods())
          .anyMatch(m -> m.getName().equals(ref.methodName()) && m.getParameterCount() == ref.parameterCount()))
          .as(ref.toString()).isTrue();
    }
  }

  @Test
  void requiredMethodsNeedOnlySpringAiModelSoChatModelOnlyAppsAreCovered() {
    assertThat(module.requiredMethods())
        .noneMatch(ref -> ref.className().startsWith("org.springframework.ai.chat.client."));
  }

  @Test
  void helperClassesExist() throws Exception {
    for (String helper : module.helperClassNames()) {
      assertThat(Class.forName(helper)).isNotNull();
    }
  }

  @Test
  void chatModelAdviceGoesOnThePromptMethodsNotOnTheBridges() {
    List<String> matched = matchedMethods(new SpringAiInstrumentationModule.ChatModels(), OpenAiChatModel.class);

    assertThat(matched).containsExactlyInAnyOrder(
        "call(org.springframework.ai.chat.prompt.Prompt)",
        "internalCall(org.springframework.ai.chat.prompt.Prompt,org.springframework.ai.chat.model.ChatResponse)",
        "stream(org.springframework.ai.chat.prompt.Prompt)");
  }

  @Test
  void embeddingModelAdviceGoesOnCallWithAnEmbeddingRequest() {
    assertThat(matchedMethods(new SpringAiInstrumentationModule.EmbeddingModels(), OpenAiEmbeddingModel.class))
        .containsExactly("call(org.springframework.ai.embedding.EmbeddingRequest)");
  }

  private static List<String> matchedMethods(TypeInstrumentation instrumentation, Class<?> type) {
    TypeDescription description = TypeDescription.ForLoadedType.of(type);
    assertThat(instrumentation.typeMatcher().matches(description)).isTrue();
    return description.getDeclaredMethods().stream()
        .filter(m -> instrumentation.adviceBindings().stream().anyMatch(b -> b.methodMatcher().matches(m)))
        .map(SpringAiInstrumentationModuleTest::signature).toList();
  }

  private static String signature(MethodDescription m) {
    return m.getName() + "(" + String.join(",", m.getParameters().asTypeList().asErasures().stream()
        .map(TypeDescription::getName).toList()) + ")";
  }

}
