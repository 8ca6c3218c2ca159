package dev.genaiwatch.instrumentation.reactornetty;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.List;
import java.util.Set;

/**
 * Reactor Netty 1.2.x and 1.3.x {@code HttpClient} calls to OpenAI-compatible servers, which covers
 * Spring's {@code WebClient} and {@code RestClient} on {@code ReactorClientHttpConnector} / {@code
 * ReactorClientHttpRequestFactory}. Every client comes from a static factory of {@code HttpClient};
 * the hook there adds genai-watch's request callback, which recognises an LLM request, starts its
 * call (or joins the library call that owns it), adds {@code traceparent} and puts an {@link
 * ObservingChannelHandler} on the request's connection.
 */
public final class ReactorNettyInstrumentationModule extends LibraryModule {
  public static final String NAME = "reactor-netty";
  static final String CLIENT = "reactor.netty.http.client.HttpClient";

  /** Named, not referenced: the hooks are a helper, defined where the application's client is. */
  static final String HOOKS = "dev.genaiwatch.instrumentation.reactornetty.ReactorNettyHooks";

  public ReactorNettyInstrumentationModule() {
    super(NAME, "Reactor Netty 1.2.x and 1.3.x (io.projectreactor.netty:reactor-netty-http)");
  }

  /**
   * {@code HttpClient.create(...)}, {@code newConnection()}, {@code from(TcpClient)}: every client
   * starts at one of these factories, and every client derived from it (Reactor Netty's
   * configuration methods copy it) keeps the callbacks the hook adds.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        new MethodHook(
            CLIENT,
            Set.of("create", "newConnection", "from"),
            "(",
            ")L" + CLIENT.replace('.', '/') + ";",
            true,
            MethodHook.Shape.EXIT_REPLACING_RETURNED,
            HOOKS,
            "instrument"));
  }
}
