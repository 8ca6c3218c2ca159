package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.InstrumentationModuleContract;
import org.junit.jupiter.api.Test;

class LangChain4jInstrumentationModuleTest extends InstrumentationModuleContract {
  @Override
  protected InstrumentationModule module() {
    return new LangChain4jInstrumentationModule();
  }

  @Test
  void requiredMethodsNeedOnlyLangChain4jCoreSoProviderOnlyAppsAreCovered() {
    assertThat(module().requiredMethods())
        .allMatch(ref -> !ref.className().startsWith("dev.langchain4j.service."));
  }
}
