package dev.genaiwatch.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The OpenAI Java SDK. The SDK's service implementations are where every client ends up, however it
 * was built (OkHttp builder, {@code fromEnv}, a custom {@code HttpClient}), so instrumenting them,
 * not the HTTP client, covers all clients; the upstream OpenTelemetry agent wraps only OkHttp-built
 * clients.
 */
public final class OpenAiJavaInstrumentationModule implements InstrumentationModule {
  public static final String NAME = CallOwnership.OPENAI_JAVA;

  private static final String SERVICES = "com.openai.services.";
  private static final String CHAT_PARAMS =
      "com.openai.models.chat.completions.ChatCompletionCreateParams";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String supportedVersions() {
    return "com.openai:openai-java 4.0.0 to 4.101.0";
  }

  @Override
  public List<MethodReference> requiredMethods() {
    return List.of(
        new MethodReference("com.openai.core.ClientOptions", "baseUrl", 0),
        new MethodReference("com.openai.core.ObjectMappers", "jsonMapper", 0),
        new MethodReference(
            SERVICES + "blocking.chat.ChatCompletionServiceImpl", "createStreaming", 2),
        new MethodReference(
            SERVICES + "async.chat.ChatCompletionServiceAsyncImpl", "createStreaming", 2),
        new MethodReference(CHAT_PARAMS, "messages", 0),
        new MethodReference(CHAT_PARAMS, "maxCompletionTokens", 0),
        new MethodReference("com.openai.models.chat.completions.ChatCompletionChunk", "usage", 0),
        new MethodReference(
            "com.openai.models.completions.CompletionUsage", "promptTokensDetails", 0),
        new MethodReference("com.openai.models.embeddings.EmbeddingCreateParams", "model", 0),
        new MethodReference("com.openai.core.http.StreamResponse", "stream", 0),
        new MethodReference("com.openai.core.http.AsyncStreamResponse", "subscribe", 2),
        new MethodReference("com.openai.errors.OpenAIServiceException", "statusCode", 0));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ServiceInstrumentation(), new PrepareRequestInstrumentation());
  }

  /**
   * The SDK's {@code PrepareRequest.prepare(...)} (3 arguments, 4 since the SDK's security
   * options): the request of genai-watch's call gets its {@code traceparent}. The SDK prepares
   * every request on the caller's thread, the async client's too ({@code prepareAsync} prepares at
   * once and only sends from a pool thread, where the call's context is lost), so this is what puts
   * the async client's requests into the trace. Not a required method: without it the spans stay,
   * the async requests just carry no {@code traceparent}.
   */
  static final class PrepareRequestInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("com.openai.core.PrepareRequest");
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      return List.of(
          new AdviceBinding(
              isStatic().and(named("prepare")).and(takesArguments(3).or(takesArguments(4))),
              OpenAiJavaInstrumentationModule.class.getPackageName() + ".OpenAiTraceparentAdvice"));
    }
  }

  /** The blocking and async chat, completion and embedding services. */
  static final class ServiceInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return namedOneOf(
          SERVICES + "blocking.chat.ChatCompletionServiceImpl",
          SERVICES + "blocking.CompletionServiceImpl",
          SERVICES + "blocking.EmbeddingServiceImpl",
          SERVICES + "async.chat.ChatCompletionServiceAsyncImpl",
          SERVICES + "async.CompletionServiceAsyncImpl",
          SERVICES + "async.EmbeddingServiceAsyncImpl");
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      String pkg = OpenAiJavaInstrumentationModule.class.getPackageName() + ".";
      ElementMatcher.Junction<MethodDescription> create =
          isPublic().and(named("create")).and(takesArguments(2));
      ElementMatcher.Junction<MethodDescription> createStreaming =
          isPublic().and(named("createStreaming")).and(takesArguments(2));
      String start = pkg + "OpenAiAdvice$Start";
      return List.of(
          new AdviceBinding(
              create.and(returns(named("java.util.concurrent.CompletableFuture"))),
              start,
              pkg + "OpenAiAdvice$EndWhenComplete"),
          new AdviceBinding(
              create.and(not(returns(named("java.util.concurrent.CompletableFuture")))),
              start,
              pkg + "OpenAiAdvice$EndSync"),
          new AdviceBinding(
              createStreaming.and(returns(named("com.openai.core.http.StreamResponse"))),
              start,
              pkg + "OpenAiAdvice$WrapStream"),
          new AdviceBinding(
              createStreaming.and(returns(named("com.openai.core.http.AsyncStreamResponse"))),
              start,
              pkg + "OpenAiAdvice$WrapAsyncStream"));
    }
  }
}
