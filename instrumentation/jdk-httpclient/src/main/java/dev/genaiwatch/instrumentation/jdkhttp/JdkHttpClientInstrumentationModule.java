package dev.genaiwatch.instrumentation.jdkhttp;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.util.List;
import java.util.Set;

/**
 * {@code java.net.http.HttpClient} calls to OpenAI-compatible servers (vLLM, Ollama's {@code /v1},
 * LM Studio, gateways). Every client the JDK hands out is a {@code HttpClientFacade}, so its three
 * public send methods see every request; the facade never calls itself, so no request is seen
 * twice.
 */
public final class JdkHttpClientInstrumentationModule implements InstrumentationModule {
  public static final String NAME = "jdk-httpclient";
  static final String FACADE = "jdk.internal.net.http.HttpClientFacade";
  static final String WIRE_BRIDGE = "dev.genaiwatch.bootstrap.WireBridge";

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

  /**
   * {@code send(request, handler)}, {@code sendAsync(request, handler[, pushPromiseHandler])}: the
   * bridge's {@code send} may swap the request (for one with {@code traceparent}) and the body
   * handler (for one that watches the bytes), and {@code sendExit} sees the response, the future or
   * the exception.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        new MethodHook(
            FACADE,
            Set.of("send", "sendAsync"),
            "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;",
            "",
            false,
            MethodHook.Shape.AROUND_REPLACING_FIRST_TWO_ARGUMENTS,
            WIRE_BRIDGE,
            "send"));
  }

  /**
   * The hooks are the bootstrap bridge's: nothing to inject (the JDK's classes live in the platform
   * class loader, which must not receive agent classes).
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
    return List.of(WIRE_BRIDGE);
  }

  @Override
  public List<String> modulesReadingBootstrapClasses() {
    return List.of("java.net.http");
  }

  @Override
  public void bootstrapClassesReady() {
    JdkHttpClientWire.installHooks();
  }
}
