package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.List;

/**
 * The OpenAI Java SDK's Responses API ({@code client.responses().create/createStreaming}, blocking
 * and async): a module of its own, under the same name (one setting turns the SDK's instrumentation
 * off), so that an SDK version without the Responses API, or with a different one, switches off
 * only this part, with its own log line, while chat completions, completions and embeddings stay
 * traced. Same hooks and call handling as {@link OpenAiJavaInstrumentationModule}; the extractor is
 * {@link OpenAiResponsesExtractor}.
 */
public final class OpenAiResponsesInstrumentationModule extends LibraryModule {
  public OpenAiResponsesInstrumentationModule() {
    super(
        OpenAiJavaInstrumentationModule.NAME,
        "com.openai:openai-java 4.0.0 to 4.101.0 (the Responses API)");
  }

  /**
   * The blocking and async Responses services; the same four return shapes as the other services.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return OpenAiJavaInstrumentationModule.services(
        "blocking.ResponseServiceImpl", "async.ResponseServiceAsyncImpl");
  }
}
