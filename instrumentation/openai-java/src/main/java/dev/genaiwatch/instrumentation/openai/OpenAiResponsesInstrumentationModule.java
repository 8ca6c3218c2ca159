package dev.genaiwatch.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.genaiwatch.core.instrumentation.AdvisedTypes;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * The OpenAI Java SDK's Responses API ({@code client.responses().create/createStreaming}, blocking
 * and async): a module of its own, under the same name (one setting turns the SDK's instrumentation
 * off), so that an SDK version without the Responses API, or with a different one, switches off
 * only this part, with its own log line, while chat completions, completions and embeddings stay
 * traced. Same advice and call handling as {@link OpenAiJavaInstrumentationModule}; the extractor
 * is {@link OpenAiResponsesExtractor}.
 */
public final class OpenAiResponsesInstrumentationModule extends LibraryModule {
  private static final String SERVICES = "com.openai.services.";
  private static final String RESPONSES = "com.openai.models.responses.";

  public OpenAiResponsesInstrumentationModule() {
    super(
        OpenAiJavaInstrumentationModule.NAME,
        "com.openai:openai-java 4.0.0 to 4.101.0 (the Responses API)");
  }

  @Override
  public List<MethodReference> requiredMethods() {
    return List.of(
        // First a class every SDK version has: the agent takes the first class as "the library is
        // here", and
        // only then reports what is missing, so an SDK without the Responses API gets its log line.
        new MethodReference("com.openai.core.ClientOptions", "baseUrl", 0),
        new MethodReference(SERVICES + "blocking.ResponseServiceImpl", "createStreaming", 2),
        new MethodReference(SERVICES + "async.ResponseServiceAsyncImpl", "createStreaming", 2),
        new MethodReference("com.openai.core.ObjectMappers", "jsonMapper", 0),
        new MethodReference(RESPONSES + "ResponseCreateParams", "_body", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isOutputTextDelta", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "asOutputTextDelta", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isFunctionCallArgumentsDelta", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isRefusalDelta", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isCompleted", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isIncomplete", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isFailed", 0),
        new MethodReference(RESPONSES + "ResponseStreamEvent", "isCreated", 0),
        new MethodReference(RESPONSES + "ResponseTextDeltaEvent", "delta", 0),
        new MethodReference("com.openai.core.http.StreamResponse", "stream", 0),
        new MethodReference("com.openai.core.http.AsyncStreamResponse", "subscribe", 2),
        new MethodReference("com.openai.errors.OpenAIServiceException", "statusCode", 0));
  }

  /**
   * The blocking and async Responses services; the same four return shapes as the other services.
   */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new AdvisedTypes(
            namedOneOf(
                SERVICES + "blocking.ResponseServiceImpl",
                SERVICES + "async.ResponseServiceAsyncImpl"),
            OpenAiJavaInstrumentationModule.SERVICE_METHODS,
            OpenAiResponsesInstrumentationModule.class.getPackageName() + ".OpenAiAdvice"));
  }
}
