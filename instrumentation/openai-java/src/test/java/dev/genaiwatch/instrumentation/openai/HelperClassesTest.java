package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.HelperClassesContract;
import java.util.List;

class HelperClassesTest extends HelperClassesContract {
  @Override
  protected InstrumentationModule module() {
    return new OpenAiJavaInstrumentationModule();
  }

  @Override
  protected List<String> expectedHelpers() {
    return List.of(
        "OpenAiHooks",
        "OpenAiJavaCalls",
        "OpenAiJavaExtractor",
        "OpenAiSdkJson",
        "OpenAiSdkMessages",
        "OpenAiSdkMessages$Conversation",
        "ChunkStream",
        "TracingStreamResponse",
        "TracingAsyncStreamResponse",
        "TracingAsyncStreamResponse$TracingHandler");
  }
}
