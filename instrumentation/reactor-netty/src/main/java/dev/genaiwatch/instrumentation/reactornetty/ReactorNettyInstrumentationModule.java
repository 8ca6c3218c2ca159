package dev.genaiwatch.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.genaiwatch.core.instrumentation.LibraryModule;
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
public final class ReactorNettyInstrumentationModule extends LibraryModule {
  public static final String NAME = "reactor-netty";
  static final String CLIENT = "reactor.netty.http.client.HttpClient";

  public ReactorNettyInstrumentationModule() {
    super(NAME, "Reactor Netty 1.2.x and 1.3.x (io.projectreactor.netty:reactor-netty-http)");
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

  /** A type and the advice for its methods, as plain data. */
  record Instrumented(
      ElementMatcher<TypeDescription> typeMatcher, List<AdviceBinding> adviceBindings)
      implements TypeInstrumentation {}
}
