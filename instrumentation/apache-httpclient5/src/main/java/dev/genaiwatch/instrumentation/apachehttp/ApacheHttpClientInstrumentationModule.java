package dev.genaiwatch.instrumentation.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
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
public final class ApacheHttpClientInstrumentationModule implements InstrumentationModule {
  public static final String NAME = "apache-httpclient5";
  static final String CLASSIC_BUILDER = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";
  static final String ASYNC_BUILDER =
      "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String supportedVersions() {
    return "Apache HttpClient 5.4.x to 5.6.x (org.apache.httpcomponents.client5:httpclient5),"
        + " classic and async";
  }

  /**
   * Everything the handlers call; the first names the class whose presence means HttpClient 5 is
   * there. {@code EndpointInfo} exists from 5.4 on: it is the version check that keeps 5.0 to 5.3
   * (untested) off.
   */
  @Override
  public List<MethodReference> requiredMethods() {
    return List.of(
        new MethodReference(CLASSIC_BUILDER, "addExecInterceptorFirst", 2),
        new MethodReference("org.apache.hc.client5.http.EndpointInfo", "getProtocol", 0),
        new MethodReference(ASYNC_BUILDER, "addExecInterceptorFirst", 2),
        new MethodReference("org.apache.hc.client5.http.classic.ExecChain", "proceed", 2),
        new MethodReference("org.apache.hc.client5.http.async.AsyncExecChain", "proceed", 4),
        new MethodReference("org.apache.hc.client5.http.HttpRoute", "getTargetHost", 0),
        new MethodReference("org.apache.hc.core5.http.HttpRequest", "getPath", 0),
        new MethodReference("org.apache.hc.core5.http.HttpEntityContainer", "setEntity", 1),
        new MethodReference("org.apache.hc.core5.http.io.entity.HttpEntityWrapper", "writeTo", 1),
        new MethodReference(
            "org.apache.hc.core5.concurrent.CancellableDependency", "isCancelled", 0),
        new MethodReference("org.apache.hc.core5.http.nio.DataStreamChannel", "endStream", 1));
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
