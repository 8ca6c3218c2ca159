package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The OpenAI Java SDK. The SDK's service implementations are where every client ends up, however it
 * was built (OkHttp builder, {@code fromEnv}, a custom {@code HttpClient}), so instrumenting them,
 * not the HTTP client, covers all clients; the upstream OpenTelemetry agent wraps only OkHttp-built
 * clients.
 */
public final class OpenAiJavaInstrumentationModule extends LibraryModule {
  public static final String NAME = CallOwnership.OPENAI_JAVA;

  private static final String SERVICES = "com.openai.services.";

  /** Named, not referenced: the hooks are a helper, defined where the application's SDK is. */
  static final String HOOKS = "dev.genaiwatch.instrumentation.openai.OpenAiHooks";

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
   * requests just carry no {@code traceparent}. Woven as method hooks, every class named.
   */
  @Override
  public List<MethodHook> methodHooks() {
    List<MethodHook> hooks =
        new ArrayList<>(
            services(
                "blocking.chat.ChatCompletionServiceImpl",
                "blocking.CompletionServiceImpl",
                "blocking.EmbeddingServiceImpl",
                "async.chat.ChatCompletionServiceAsyncImpl",
                "async.CompletionServiceAsyncImpl",
                "async.EmbeddingServiceAsyncImpl"));
    hooks.add(
        new MethodHook(
            "com.openai.core.PrepareRequest",
            Set.of("prepare"),
            "(Lcom/openai/core/http/HttpRequest;Lcom/openai/core/ClientOptions;Lcom/openai/core/Params;",
            ")Lcom/openai/core/http/HttpRequest;",
            true,
            MethodHook.Shape.EXIT_REPLACING_RETURNED,
            HOOKS,
            "prepared"));
    return hooks;
  }

  /**
   * The SDK's service implementations {@code serviceClasses} (under {@code com.openai.services.}):
   * their public {@code create(params, options)}, whatever it returns (a response or a future of
   * one), and {@code createStreaming(params, options)} returning a {@code StreamResponse} or an
   * {@code AsyncStreamResponse}, each wrapped by {@link OpenAiHooks}.
   */
  static List<MethodHook> services(String... serviceClasses) {
    List<MethodHook> hooks = new ArrayList<>();
    for (String service : serviceClasses) {
      hooks.add(MethodHook.serviceCall(SERVICES + service, "create", "", HOOKS));
      hooks.add(
          MethodHook.serviceCall(SERVICES + service, "createStreaming", "StreamResponse;", HOOKS));
    }
    return hooks;
  }
}
