package dev.genaiwatch.instrumentation.google;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
 * The Google Gen AI SDK's models service ({@code client.models} and {@code client.async.models}).
 * Its public methods ({@code generateContent}, {@code generateContentStream}, {@code embedContent},
 * each in three overloads) all end in one package-private method per operation, which sends one
 * HTTP request: that is where the span starts, so every overload, the SDK's automatic function
 * calling (one request per round) and chat sessions get one span per model call. The SDK sends over
 * its own OkHttp client, whose request gets genai-watch's {@code traceparent} where the SDK builds
 * it ({@code ApiClient.buildRequest}, on the caller's thread also for the async service); a {@code
 * ResponseStream} is observed where the application reads it ({@code iterator()}, {@code close()}).
 */
public final class GoogleGenAiInstrumentationModule implements InstrumentationModule {
  public static final String NAME = CallOwnership.GOOGLE_GENAI;

  static final String MODELS = "com.google.genai.Models";
  static final String ASYNC_MODELS = "com.google.genai.AsyncModels";
  static final String API_CLIENT = "com.google.genai.ApiClient";
  static final String RESPONSE_STREAM = "com.google.genai.ResponseStream";
  private static final String TYPES = "com.google.genai.types.";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String supportedVersions() {
    return "com.google.genai:google-genai 1.61.0 to 2.3.0";
  }

  @Override
  public List<MethodReference> requiredMethods() {
    return List.of(
        new MethodReference(MODELS, "privateGenerateContent", 3),
        new MethodReference(MODELS, "privateGenerateContentStream", 3),
        new MethodReference(MODELS, "privateEmbedContent", 5),
        new MethodReference(ASYNC_MODELS, "privateGenerateContent", 3),
        new MethodReference(ASYNC_MODELS, "privateGenerateContentStream", 3),
        new MethodReference(ASYNC_MODELS, "privateEmbedContent", 5),
        new MethodReference(API_CLIENT, "vertexAI", 0),
        new MethodReference(API_CLIENT, "httpOptions", 0),
        new MethodReference(API_CLIENT, "buildRequest", 4),
        new MethodReference(RESPONSE_STREAM, "iterator", 0),
        new MethodReference(RESPONSE_STREAM, "close", 0),
        new MethodReference("com.google.genai.JsonSerializable", "toJson", 0),
        new MethodReference(
            TYPES + "GenerateContentResponseUsageMetadata", "thoughtsTokenCount", 0),
        new MethodReference(
            TYPES + "GenerateContentResponseUsageMetadata", "cachedContentTokenCount", 0),
        new MethodReference("com.google.genai.errors.ApiException", "code", 0));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new ModelsInstrumentation(),
        new BuildRequestInstrumentation(),
        new ResponseStreamInstrumentation());
  }

  private static String advice(String name) {
    return GoogleGenAiInstrumentationModule.class.getPackageName() + ".GoogleGenAiAdvice$" + name;
  }

  /** The blocking and async models services: one method per operation and HTTP request. */
  static final class ModelsInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(MODELS).or(named(ASYNC_MODELS));
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      ElementMatcher.Junction<MethodDescription> generate =
          named("privateGenerateContent").and(takesArguments(3));
      ElementMatcher.Junction<MethodDescription> stream =
          named("privateGenerateContentStream").and(takesArguments(3));
      ElementMatcher.Junction<MethodDescription> embed =
          named("privateEmbedContent").and(takesArguments(5));
      ElementMatcher.Junction<MethodDescription> async = returns(named(FUTURE));
      ElementMatcher.Junction<MethodDescription> blocking = not(returns(named(FUTURE)));
      return List.of(
          new AdviceBinding(generate.and(blocking), advice("StartChat"), advice("EndSync")),
          new AdviceBinding(generate.and(async), advice("StartChat"), advice("EndWhenComplete")),
          new AdviceBinding(stream.and(blocking), advice("StartChat"), advice("WrapStream")),
          new AdviceBinding(stream.and(async), advice("StartChat"), advice("WrapAsyncStream")),
          new AdviceBinding(embed.and(blocking), advice("StartEmbeddings"), advice("EndSync")),
          new AdviceBinding(
              embed.and(async), advice("StartEmbeddings"), advice("EndWhenComplete")));
    }
  }

  /**
   * {@code ApiClient.buildRequest(...)}: the request of genai-watch's call gets its traceparent.
   */
  static final class BuildRequestInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(API_CLIENT);
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      return List.of(
          new AdviceBinding(
              named("buildRequest").and(takesArguments(4)), advice("AddTraceparent")));
    }
  }

  /** The application reading or closing a {@code ResponseStream} the SDK returned. */
  static final class ResponseStreamInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(RESPONSE_STREAM);
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      return List.of(
          new AdviceBinding(
              isPublic().and(named("iterator")).and(takesArguments(0)), advice("ObserveIterator")),
          new AdviceBinding(
              isPublic().and(named("close")).and(takesArguments(0)), advice("StreamClosed")));
    }
  }
}
