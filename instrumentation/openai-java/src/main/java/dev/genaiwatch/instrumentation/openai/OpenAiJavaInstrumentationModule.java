package dev.genaiwatch.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.AdvisedTypes;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * The OpenAI Java SDK. The SDK's service implementations are where every client ends up, however it
 * was built (OkHttp builder, {@code fromEnv}, a custom {@code HttpClient}), so instrumenting them,
 * not the HTTP client, covers all clients; the upstream OpenTelemetry agent wraps only OkHttp-built
 * clients.
 */
public final class OpenAiJavaInstrumentationModule extends LibraryModule {
  public static final String NAME = CallOwnership.OPENAI_JAVA;

  private static final String SERVICES = "com.openai.services.";
  private static final String PKG = OpenAiJavaInstrumentationModule.class.getPackageName() + ".";

  public OpenAiJavaInstrumentationModule() {
    super(NAME, "com.openai:openai-java 4.0.0 to 4.101.0");
  }

  /**
   * The blocking and async chat, completion and embedding services; and the SDK's {@code
   * PrepareRequest.prepare(...)} (3 arguments, 4 since the SDK's security options), where the
   * request of genai-watch's call gets its {@code traceparent}. The SDK prepares every request on
   * the caller's thread, the async client's too ({@code prepareAsync} prepares at once and only
   * sends from a pool thread, where the call's context is lost), so this is what puts the async
   * client's requests into the trace. Not a required method: without it the spans stay, the async
   * requests just carry no {@code traceparent}.
   */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        services(
            "blocking.chat.ChatCompletionServiceImpl",
            "blocking.CompletionServiceImpl",
            "blocking.EmbeddingServiceImpl",
            "async.chat.ChatCompletionServiceAsyncImpl",
            "async.CompletionServiceAsyncImpl",
            "async.EmbeddingServiceAsyncImpl"),
        new AdvisedTypes(
            named("com.openai.core.PrepareRequest"),
            isStatic().and(named("prepare")).and(takesArguments(3).or(takesArguments(4))),
            PKG + "OpenAiTraceparentAdvice"));
  }

  /**
   * The SDK's service implementations {@code serviceClasses} (under {@code com.openai.services.}):
   * their {@code create} and {@code createStreaming} (params, request options) get {@code
   * OpenAiAdvice}, whatever they return: a response, a future of one, a {@code StreamResponse} or
   * an {@code AsyncStreamResponse}.
   */
  static AdvisedTypes services(String... serviceClasses) {
    return new AdvisedTypes(
        namedOneOf(Arrays.stream(serviceClasses).map(c -> SERVICES + c).toArray(String[]::new)),
        isPublic()
            .and(takesArguments(2))
            .and(
                named("create")
                    .or(
                        named("createStreaming")
                            .and(
                                returns(
                                    namedOneOf(
                                        "com.openai.core.http.StreamResponse",
                                        "com.openai.core.http.AsyncStreamResponse"))))),
        PKG + "OpenAiAdvice");
  }
}
