package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.MethodReference;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LangChain4jInstrumentationModuleTest {

  @Test
  void everyRequiredMethodExistsInTheLangChain4jVersionBuiltAgainst() throws Exception {
    for (MethodReference ref : new LangChain4jInstrumentationModule().requiredMethods()) {
      Class<?> type = Class.forName(ref.className());
      assertThat(Arrays.stream(type.getMethods()).map(Method::getName).toList()).as(ref.toString())
          .contains(ref.methodName());
      assertThat(Arrays.stream(type.getMethods())
          .anyMatch(m -> m.getName().equals(ref.methodName()) && m.getParameterCount() == ref.parameterCount()))
          .as(ref.toString()).isTrue();
    }
  }

  @Test
  void requiredMethodsNeedOnlyLangChain4jCoreSoProviderOnlyAppsAreCovered() {
    assertThat(new LangChain4jInstrumentationModule().requiredMethods())
        .allMatch(ref -> !ref.className().startsWith("dev.langchain4j.service."));
  }

  @Test
  void helperClassesExist() throws Exception {
    for (String helper : new LangChain4jInstrumentationModule().helperClassNames()) {
      assertThat(Class.forName(helper)).isNotNull();
    }
  }
}
