package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The helper classes injected next to the SDK follow from the naming rule, not from a hand-kept
 * list.
 */
class HelperClassesTest {
  private static final String PKG = OpenAiJavaInstrumentationModule.class.getPackageName() + ".";

  @Test
  void everyClassOfThePackageButTheModuleAndTheAdviceIsAHelper() {
    assertThat(new OpenAiJavaInstrumentationModule().helperClassNames())
        .contains(
            PKG + "OpenAiJavaCalls",
            PKG + "OpenAiJavaExtractor",
            PKG + "OpenAiSdkJson",
            PKG + "ChunkStream",
            PKG + "TracingStreamResponse",
            PKG + "TracingAsyncStreamResponse",
            PKG + "TracingAsyncStreamResponse$TracingHandler");
  }

  @Test
  void theModuleAndItsAdviceAreNotInjected() {
    assertThat(new OpenAiJavaInstrumentationModule().helperClassNames())
        .allMatch(name -> !name.contains("Advice") && !name.contains("InstrumentationModule"))
        .doesNotHaveDuplicates();
  }

  @Test
  void testClassesOfThePackageAreNotHelpers() {
    assertThat(new OpenAiJavaInstrumentationModule().helperClassNames())
        .doesNotContain(PKG + "HelperClassesTest", PKG + "SdkJson");
  }
}
