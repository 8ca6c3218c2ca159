package dev.genaiwatch.instrumentation.google;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.AdvisedTypes;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation.AdviceBinding;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
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
public final class GoogleGenAiInstrumentationModule extends LibraryModule {
  public static final String NAME = CallOwnership.GOOGLE_GENAI;

  static final String MODELS = "com.google.genai.Models";
  static final String ASYNC_MODELS = "com.google.genai.AsyncModels";
  static final String API_CLIENT = "com.google.genai.ApiClient";
  static final String RESPONSE_STREAM = "com.google.genai.ResponseStream";

  public GoogleGenAiInstrumentationModule() {
    super(NAME, "com.google.genai:google-genai 1.61.0 to 2.3.0");
  }

  /**
   * The blocking and async models services, one method per operation and HTTP request; {@code
   * ApiClient.buildRequest(...)}, where the request of genai-watch's call gets its traceparent; and
   * the application reading or closing a {@code ResponseStream} the SDK returned.
   */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher.Junction<MethodDescription> chat =
        named("privateGenerateContent")
            .and(takesArguments(3))
            .or(named("privateGenerateContentStream").and(takesArguments(3)));
    ElementMatcher.Junction<MethodDescription> embed =
        named("privateEmbedContent").and(takesArguments(5));
    return List.of(
        new AdvisedTypes(
            named(MODELS).or(named(ASYNC_MODELS)),
            List.of(
                new AdviceBinding(chat, advice("StartChat"), advice("End")),
                new AdviceBinding(embed, advice("StartEmbeddings"), advice("End")))),
        new AdvisedTypes(
            named(API_CLIENT),
            named("buildRequest").and(takesArguments(4)),
            advice("AddTraceparent")),
        new AdvisedTypes(
            named(RESPONSE_STREAM),
            List.of(
                new AdviceBinding(
                    isPublic().and(named("iterator")).and(takesArguments(0)),
                    advice("ObserveIterator")),
                new AdviceBinding(
                    isPublic().and(named("close")).and(takesArguments(0)),
                    advice("StreamClosed")))));
  }

  private static String advice(String name) {
    return GoogleGenAiInstrumentationModule.class.getPackageName() + ".GoogleGenAiAdvice$" + name;
  }
}
