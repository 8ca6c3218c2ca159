package dev.genaiwatch.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation.AdviceBinding;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Reactor Netty 1.2.x and 1.3.x {@code HttpClient} calls to OpenAI-compatible servers, which covers
 * Spring's {@code WebClient} and {@code RestClient} on {@code ReactorClientHttpConnector} / {@code
 * ReactorClientHttpRequestFactory}. Every client comes from a static factory of {@code HttpClient};
 * the advice there adds genai-watch's request callback, which recognises an LLM request, starts its
 * call (or joins the library call that owns it), adds {@code traceparent} and puts an {@link
 * ObservingChannelHandler} on the request's connection.
 */
public final class ReactorNettyInstrumentationModule implements InstrumentationModule {
  public static final String NAME = "reactor-netty";
  static final String CLIENT = "reactor.netty.http.client.HttpClient";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new Instrumented(
            named(CLIENT),
            List.of(
                new AdviceBinding(
                    isPublic()
                        .and(isStatic())
                        .and(namedOneOf("create", "newConnection", "from"))
                        .and(returns(named(CLIENT))),
                    ReactorNettyAdvice.Factory.class.getName()))));
  }

  /**
   * Everything the hooks and the channel handler call. {@code HttpClient.proxyWhen} exists from 1.2
   * on: it is the version check that keeps 1.0 and 1.1 (untested) off.
   */
  @Override
  public List<MethodReference> requiredMethods() {
    return List.of(
        new MethodReference(CLIENT, "proxyWhen", 1),
        new MethodReference(CLIENT, "mapConnect", 1),
        new MethodReference(CLIENT, "doOnRequest", 1),
        new MethodReference(CLIENT, "doOnError", 2),
        new MethodReference("reactor.netty.http.client.HttpClientInfos", "currentContextView", 0),
        new MethodReference("reactor.netty.http.client.HttpClientInfos", "resourceUrl", 0),
        new MethodReference("reactor.netty.http.client.HttpClientInfos", "requestHeaders", 0),
        new MethodReference("reactor.netty.http.client.HttpClientRequest", "header", 2),
        new MethodReference("reactor.netty.http.HttpInfos", "method", 0),
        new MethodReference("reactor.netty.Connection", "addHandlerFirst", 2),
        new MethodReference("reactor.netty.channel.ChannelOperations", "isInboundCancelled", 0),
        new MethodReference("reactor.core.publisher.Mono", "contextWrite", 1),
        new MethodReference("io.netty.buffer.ByteBuf", "nioBuffer", 0));
  }

  @Override
  public String supportedVersions() {
    return "Reactor Netty 1.2.x and 1.3.x (io.projectreactor.netty:reactor-netty-http)";
  }

  /** A type and the advice for its methods, as plain data. */
  record Instrumented(
      ElementMatcher<TypeDescription> typeMatcher, List<AdviceBinding> adviceBindings)
      implements TypeInstrumentation {}
}
