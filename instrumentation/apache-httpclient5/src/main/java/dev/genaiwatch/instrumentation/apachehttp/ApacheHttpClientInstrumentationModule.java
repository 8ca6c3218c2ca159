package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.List;
import java.util.Set;

/**
 * Apache HttpClient 5.4.x to 5.6.x calls to OpenAI-compatible servers, classic ({@code
 * CloseableHttpClient.execute}) and async ({@code CloseableHttpAsyncClient.execute} with request
 * producers and response consumers), which also covers Spring's {@code RestClient}/{@code
 * RestTemplate} on {@code HttpComponentsClientHttpRequestFactory}. Clients built by {@code
 * HttpClientBuilder} or {@code HttpAsyncClientBuilder} (also {@code HttpClients.createDefault()},
 * {@code createSystem()}, {@code custom()...build()} and their async twins) get genai-watch's
 * handler first in their execution chain, where it sees each logical call once (redirects and
 * retries happen inside it).
 */
public final class ApacheHttpClientInstrumentationModule extends LibraryModule {
  public static final String NAME = "apache-httpclient5";
  static final String CLASSIC_BUILDER = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";
  static final String ASYNC_BUILDER =
      "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder";

  /** Named, not referenced: the hooks are a helper, defined where the application's client is. */
  static final String HOOKS = "dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientHooks";

  public ApacheHttpClientInstrumentationModule() {
    super(
        NAME,
        "Apache HttpClient 5.4.x to 5.6.x (org.apache.httpcomponents.client5:httpclient5), classic and async");
  }

  /** A builder's {@code build()}, before it assembles its execution chain. */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        build(CLASSIC_BUILDER, "addClassicHandler"), build(ASYNC_BUILDER, "addAsyncHandler"));
  }

  /** Subclasses (the caching builders) build through these methods too. */
  private static MethodHook build(String builder, String hook) {
    return new MethodHook(
        builder, Set.of("build"), "()", "", false, MethodHook.Shape.ENTER_WITH_THIS, HOOKS, hook);
  }
}
