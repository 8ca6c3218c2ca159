package dev.genaiwatch.instrumentation.google;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The helper classes injected next to the SDK follow from the naming rule, not from a hand-kept
 * list.
 */
class HelperClassesTest {
  private static final String PKG = GoogleGenAiInstrumentationModule.class.getPackageName() + ".";

  @Test
  void everyClassOfThePackageButTheModuleAndTheAdviceIsAHelper() {
    assertThat(new GoogleGenAiInstrumentationModule().helperClassNames())
        .contains(
            PKG + "GoogleGenAiCalls",
            PKG + "GoogleGenAiExtractor",
            PKG + "GeminiContents",
            PKG + "ContentStream",
            PKG + "ObservedResponseStreams")
        .allMatch(name -> !name.contains("Advice") && !name.contains("InstrumentationModule"));
  }
}
