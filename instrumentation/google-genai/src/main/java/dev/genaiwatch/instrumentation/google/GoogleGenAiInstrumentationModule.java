package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Google Gen AI SDK's models service ({@code client.models} and {@code client.async.models}).
 * Its public methods ({@code generateContent}, {@code generateContentStream}, {@code embedContent},
 * each in three overloads) all end in one package-private method per operation, which sends one
 * HTTP request: that is where the span starts, so every overload, the SDK's automatic function
 * calling (one request per round) and chat sessions get one span per model call. The SDK sends over
 * its own OkHttp client, whose request gets genai-watch's {@code traceparent} where the SDK builds
 * it ({@code ApiClient.buildRequest}, on the caller's thread also for the async service); a {@code
 * ResponseStream} is observed where the application reads it ({@code iterator()}, {@code close()}).
 * Woven as method hooks, every class named.
 */
public final class GoogleGenAiInstrumentationModule extends LibraryModule {
  public static final String NAME = CallOwnership.GOOGLE_GENAI;

  static final String MODELS = "com.google.genai.Models";
  static final String ASYNC_MODELS = "com.google.genai.AsyncModels";
  static final String API_CLIENT = "com.google.genai.ApiClient";
  static final String RESPONSE_STREAM = "com.google.genai.ResponseStream";

  /** Named, not referenced: the hooks are a helper, defined where the application's SDK is. */
  static final String HOOKS = "dev.genaiwatch.instrumentation.google.GoogleGenAiHooks";

  public GoogleGenAiInstrumentationModule() {
    super(NAME, "com.google.genai:google-genai 1.61.0 to 2.3.0");
  }

  /**
   * The blocking and async models services' {@code privateGenerateContent(model, contents,
   * config)}, {@code privateGenerateContentStream(...)} and {@code privateEmbedContent(model,
   * contents, content, apiType, config)}, one per operation and HTTP request; the protected {@code
   * ApiClient.buildRequest(...)}, where the request of genai-watch's call gets its traceparent; the
   * application reading ({@code iterator()}) or closing ({@code close()}) a {@code ResponseStream}
   * the SDK returned.
   */
  @Override
  public List<MethodHook> methodHooks() {
    List<MethodHook> hooks = new ArrayList<>();
    for (String models : List.of(MODELS, ASYNC_MODELS)) {
      hooks.add(MethodHook.internalCall(models, "privateGenerateContent", 3, HOOKS, "generate"));
      hooks.add(
          MethodHook.internalCall(
              models, "privateGenerateContentStream", 3, HOOKS, "generateStream"));
      hooks.add(MethodHook.internalCall(models, "privateEmbedContent", 5, HOOKS, "embed"));
    }
    hooks.add(
        new MethodHook(
                API_CLIENT,
                Set.of("buildRequest"),
                "(",
                "Lokhttp3/Request;",
                false,
                MethodHook.Shape.EXIT_REPLACING_RETURNED,
                HOOKS,
                "builtRequest",
                4)
            .includingNonPublic());
    hooks.add(
        new MethodHook(
            RESPONSE_STREAM,
            Set.of("iterator"),
            "()",
            "",
            false,
            MethodHook.Shape.EXIT_WITH_THIS_REPLACING_RETURNED,
            HOOKS,
            "iterator",
            0));
    hooks.add(
        new MethodHook(
            RESPONSE_STREAM,
            Set.of("close"),
            "()",
            "V",
            false,
            MethodHook.Shape.ENTER_WITH_THIS,
            HOOKS,
            "closed",
            0));
    return hooks;
  }
}
