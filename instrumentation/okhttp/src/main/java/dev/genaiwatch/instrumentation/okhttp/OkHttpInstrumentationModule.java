package dev.genaiwatch.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.instrumentation.LibraryModule;
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
public final class OkHttpInstrumentationModule extends LibraryModule {
  public static final String NAME = "okhttp";
  static final String CLIENT = "okhttp3.OkHttpClient";
  static final String BUILDER = "okhttp3.OkHttpClient$Builder";

  public OkHttpInstrumentationModule() {
    super(
        NAME,
        "OkHttp 4.x and 5.x (com.squareup.okhttp3:okhttp / okhttp-jvm), okhttp-sse of the same version");
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
