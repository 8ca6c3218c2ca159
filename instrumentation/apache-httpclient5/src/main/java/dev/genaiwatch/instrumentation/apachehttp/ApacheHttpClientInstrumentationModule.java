package dev.genaiwatch.instrumentation.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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

  public ApacheHttpClientInstrumentationModule() {
    super(
        NAME,
        "Apache HttpClient 5.4.x to 5.6.x (org.apache.httpcomponents.client5:httpclient5), classic and async");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new BuilderInstrumentation(CLASSIC_BUILDER, ApacheHttpClientAdvice.ClassicBuild.class),
        new BuilderInstrumentation(ASYNC_BUILDER, ApacheHttpClientAdvice.AsyncBuild.class));
  }

  /** A builder's {@code build()}: subclasses (the caching builders) build through it too. */
  record BuilderInstrumentation(String builder, Class<?> advice) implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(builder);
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      return List.of(
          new AdviceBinding(
              isPublic().and(named("build")).and(takesArguments(0)), advice.getName()));
    }
  }
}
