package dev.genaiwatch.instrumentation.anthropic;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.HelperClassesContract;
import java.util.List;

class HelperClassesTest extends HelperClassesContract {
  @Override
  protected InstrumentationModule module() {
    return new AnthropicJavaInstrumentationModule();
  }

  @Override
  protected List<String> expectedHelpers() {
    return List.of(
        "AnthropicHooks",
        "AnthropicJavaCalls",
        "AnthropicJavaExtractor",
        "AnthropicSdkJson",
        "MessageStream",
        "TracingStreamResponse",
        "TracingAsyncStreamResponse$TracingHandler");
  }
}
