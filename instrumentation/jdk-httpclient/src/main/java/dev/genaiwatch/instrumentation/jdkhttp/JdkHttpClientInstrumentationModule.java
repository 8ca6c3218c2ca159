package dev.genaiwatch.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.net.http.HttpClient} calls to OpenAI-compatible servers (vLLM, Ollama's {@code /v1},
 * LM Studio, gateways). Every client the JDK hands out is a {@code HttpClientFacade}, so its three
 * public send methods see every request; the facade never calls itself, so no request is seen
 * twice.
 */
public final class JdkHttpClientInstrumentationModule implements InstrumentationModule {
  public static final String NAME = "jdk-httpclient";
  static final String FACADE = "jdk.internal.net.http.HttpClientFacade";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String supportedVersions() {
    return "java.net.http of JDK 17 to 25";
  }

  /**
   * Part of the JDK: nothing to check per class loader (the facade's methods are the public
   * HttpClient API).
   */
  @Override
  public List<MethodReference> requiredMethods() {
    return List.of();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new FacadeInstrumentation());
  }

  /**
   * The advice references only JDK types and the bootstrap bridge: nothing to inject (the JDK's
   * classes live in the platform class loader, which must not receive agent classes).
   */
  @Override
  public List<String> helperClassNames() {
    return List.of();
  }

  /**
   * By name: a class literal would load it through the agent's class loader before the bootstrap
   * one is defined.
   */
  @Override
  public List<String> bootstrapClassNames() {
    return List.of("dev.genaiwatch.bootstrap.WireBridge");
  }

  @Override
  public List<String> modulesReadingBootstrapClasses() {
    return List.of("java.net.http");
  }

  @Override
  public void bootstrapClassesReady() {
    JdkHttpClientWire.installHooks();
  }

  static final class FacadeInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(FACADE);
    }

    @Override
    public List<AdviceBinding> adviceBindings() {
      return List.of(
          new AdviceBinding(
              isPublic()
                  .and(namedOneOf("send", "sendAsync"))
                  .and(takesArgument(0, named("java.net.http.HttpRequest")))
                  .and(takesArgument(1, named("java.net.http.HttpResponse$BodyHandler"))),
              JdkHttpClientAdvice.Send.class.getName()));
    }
  }
}
