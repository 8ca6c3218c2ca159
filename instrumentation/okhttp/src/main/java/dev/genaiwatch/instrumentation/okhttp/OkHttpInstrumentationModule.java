package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.List;
import java.util.Set;

/**
 * OkHttp 4.x and 5.x calls to OpenAI-compatible servers: {@code Call.execute()}, {@code
 * Call.enqueue()} and okhttp-sse's {@code EventSource}, which all run a client's interceptor chain.
 * Every {@code OkHttpClient} is built through its one {@code OkHttpClient(Builder)} constructor
 * (also {@code new OkHttpClient()}, {@code newBuilder().build()} and the client okhttp-sse
 * derives), so adding {@link GenAiWatchInterceptor} to the builder there covers every client, and
 * one application interceptor sees each call exactly once (retries and redirects happen inside it).
 * {@code newCall} remembers the caller's context for calls run on OkHttp's dispatcher threads
 * ({@code enqueue}, event sources).
 */
public final class OkHttpInstrumentationModule extends LibraryModule {
  public static final String NAME = "okhttp";
  static final String CLIENT = "okhttp3.OkHttpClient";

  /** Named, not referenced: the hooks are a helper, defined where the application's OkHttp is. */
  static final String HOOKS = "dev.genaiwatch.instrumentation.okhttp.OkHttpHooks";

  public OkHttpInstrumentationModule() {
    super(
        NAME,
        "OkHttp 4.x and 5.x (com.squareup.okhttp3:okhttp / okhttp-jvm), okhttp-sse of the same version");
  }

  /**
   * The constructor's hook runs before it copies the builder's interceptors; {@code newCall}'s sees
   * the call it returns.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        new MethodHook(
            CLIENT,
            Set.of("<init>"),
            "(Lokhttp3/OkHttpClient$Builder;)V",
            "",
            false,
            MethodHook.Shape.ENTER_WITH_FIRST_ARGUMENT,
            HOOKS,
            "addInterceptor"),
        new MethodHook(
            CLIENT,
            Set.of("newCall"),
            "(Lokhttp3/Request;)",
            "",
            false,
            MethodHook.Shape.EXIT_WITH_RETURNED,
            HOOKS,
            "rememberContext"));
  }
}
