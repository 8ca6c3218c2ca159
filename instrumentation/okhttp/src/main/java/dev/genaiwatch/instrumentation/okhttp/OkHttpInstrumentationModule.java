package dev.genaiwatch.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
public final class OkHttpInstrumentationModule implements InstrumentationModule {
  public static final String NAME = "okhttp";
  static final String CLIENT = "okhttp3.OkHttpClient";
  static final String BUILDER = "okhttp3.OkHttpClient$Builder";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String supportedVersions() {
    return "OkHttp 4.x and 5.x (com.squareup.okhttp3:okhttp / okhttp-jvm), okhttp-sse of the same version";
  }

  /**
   * Everything the interceptor and the body wrapper call. {@code HttpUrl.Companion.get(String)}
   * exists only in the Kotlin OkHttp (4.0 and later): it is the version check that keeps OkHttp 3.x
   * (untested) off.
   */
  @Override
  public List<MethodReference> requiredMethods() {
    return List.of(
        new MethodReference(CLIENT, "newCall", 1),
        new MethodReference(BUILDER, "interceptors", 0),
        new MethodReference("okhttp3.HttpUrl$Companion", "get", 1),
        new MethodReference("okhttp3.HttpUrl", "uri", 0),
        new MethodReference("okhttp3.Interceptor$Chain", "call", 0),
        new MethodReference("okhttp3.Interceptor$Chain", "proceed", 1),
        new MethodReference("okhttp3.Call", "isCanceled", 0),
        new MethodReference("okhttp3.Request", "newBuilder", 0),
        new MethodReference("okhttp3.RequestBody", "isOneShot", 0),
        new MethodReference("okhttp3.RequestBody", "isDuplex", 0),
        new MethodReference("okhttp3.RequestBody", "writeTo", 1),
        new MethodReference("okhttp3.Response", "newBuilder", 0),
        new MethodReference("okhttp3.Response$Builder", "body", 1),
        new MethodReference("okhttp3.ResponseBody", "source", 0),
        new MethodReference("okio.ForwardingSource", "read", 2),
        new MethodReference("okio.Buffer", "copyTo", 3),
        new MethodReference("okio.Okio", "buffer", 1),
        new MethodReference("okio.ForwardingSink", "write", 2),
        new MethodReference("okio.BufferedSink", "emit", 0),
        new MethodReference("okhttp3.Request$Builder", "method", 2));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ClientInstrumentation());
  }

  /**
   * Everything the advice reaches that links against OkHttp: defined next to the application's
   * OkHttp.
   */
  static final class ClientInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(CLIENT);
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      return List.of(
          new AdviceBinding(
              isConstructor().and(takesArguments(1)).and(takesArgument(0, named(BUILDER))),
              OkHttpAdvice.ClientConstructor.class.getName()),
          new AdviceBinding(
              isPublic()
                  .and(named("newCall"))
                  .and(takesArguments(1))
                  .and(takesArgument(0, named("okhttp3.Request"))),
              OkHttpAdvice.NewCall.class.getName()));
    }
  }
}
