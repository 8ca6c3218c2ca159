package dev.genaiwatch.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The helper classes injected next to the SDK follow from the naming rule, not from a hand-kept
 * list.
 */
class HelperClassesTest {
  private static final String PKG = AnthropicJavaInstrumentationModule.class.getPackageName() + ".";

  @Test
  void everyClassOfThePackageButTheModuleAndTheAdviceIsAHelper() {
    assertThat(new AnthropicJavaInstrumentationModule().helperClassNames())
        .contains(
            PKG + "AnthropicJavaCalls",
            PKG + "AnthropicJavaExtractor",
            PKG + "AnthropicSdkJson",
            PKG + "MessageStream",
            PKG + "TracingStreamResponse",
            PKG + "TracingAsyncStreamResponse$TracingHandler");
  }

  @Test
  void theModuleAndItsAdviceAreNotInjected() {
    assertThat(new AnthropicJavaInstrumentationModule().helperClassNames())
        .allMatch(name -> !name.contains("Advice") && !name.contains("InstrumentationModule"))
        .doesNotContain(PKG + "HelperClassesTest", PKG + "SdkJson");
  }
}
