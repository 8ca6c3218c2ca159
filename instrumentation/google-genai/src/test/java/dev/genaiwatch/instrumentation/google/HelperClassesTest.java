package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.HelperClassesContract;
import java.util.List;

class HelperClassesTest extends HelperClassesContract {
  @Override
  protected InstrumentationModule module() {
    return new GoogleGenAiInstrumentationModule();
  }

  @Override
  protected List<String> expectedHelpers() {
    return List.of(
        "GoogleGenAiHooks",
        "GoogleGenAiCalls",
        "GoogleGenAiExtractor",
        "GeminiContents",
        "ContentStream",
        "ObservedResponseStreams");
  }
}
