package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.wire.WireCalls;
import dev.genaiwatch.core.wire.WireExchange;
import dev.genaiwatch.core.wire.WireFirewall;
import dev.genaiwatch.core.wire.WireTarget;
import io.opentelemetry.context.Context;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;

/**
 * What the hooks and the handlers call. Never throws: a failure leaves the client and the request
 * exactly as the application made them.
 */
public final class ApacheHttpClientHooks {
  static final String HANDLER_NAME = "genai-watch";
  static final String TRACEPARENT = "traceparent";

  /** Builders already given the handler: {@code build()} may be called more than once. */
  private static final Map<Object, Boolean> EQUIPPED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ApacheHttpClientHooks() {}

  public static void addClassicHandler(Object builder) {
    equip(
        builder,
        HttpClientBuilder.class,
        classic -> classic.addExecInterceptorFirst(HANDLER_NAME, new ClassicWireHandler()));
  }

  public static void addAsyncHandler(Object builder) {
    equip(
        builder,
        HttpAsyncClientBuilder.class,
        async -> async.addExecInterceptorFirst(HANDLER_NAME, new AsyncWireHandler()));
  }

  /** Adds the handler with {@code add} when {@code builder} is a {@code type} not yet equipped. */
  private static <B> void equip(Object builder, Class<B> type, Consumer<B> add) {
    try {
      if (type.isInstance(builder)
          && GenAiWatch.isInstalled()
          && EQUIPPED.putIfAbsent(builder, Boolean.TRUE) == null) {
        add.accept(type.cast(builder));
      }
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  /**
   * A handler failed before the request went out: it goes out unobserved, so the started call (if
   * any) ends now rather than leak, and the request loses the {@code traceparent} added for it.
   */
  static void unobserved(Throwable failure, HttpRequest request, WireExchange exchange) {
    swallowed(failure);
    if (exchange != null) {
      safely(() -> exchange.onError(failure));
      safely(() -> removeTraceparent(request, exchange));
    }
  }

  /**
   * The exchange for {@code request} on {@code route}, or null when it is no LLM call. Adds the
   * exchange's {@code traceparent} to the request (the request is then sent with it).
   */
  static WireExchange start(HttpRequest request, HttpRoute route) {
    HttpHost target = route.getTargetHost();
    String path = request.getPath();
    int query = path == null ? -1 : path.indexOf('?');
    WireExchange exchange =
        WireCalls.start(
            ApacheHttpClientInstrumentationModule.NAME,
            request.getMethod(),
            new WireTarget(
                target.getSchemeName(),
                target.getHostName(),
                target.getPort(),
                query < 0 ? path : path.substring(0, query)),
            () -> null,
            name -> headerValue(request, name),
            Context.current());
    if (exchange != null && exchange.traceparent() != null) {
      request.setHeader(TRACEPARENT, exchange.traceparent());
    }
    return exchange;
  }

  /**
   * Takes the {@code traceparent} genai-watch added off the application's request object once it
   * has been sent, so that a request object sent again gets a fresh one.
   */
  static void removeTraceparent(HttpRequest request, WireExchange exchange) {
    if (exchange.traceparent() != null) {
      Header added = request.getFirstHeader(TRACEPARENT);
      if (added != null && exchange.traceparent().equals(added.getValue())) {
        request.removeHeaders(TRACEPARENT);
      }
    }
  }

  private static String headerValue(HttpRequest request, String name) {
    Header header = request.getFirstHeader(name);
    return header == null ? null : header.getValue();
  }

  static void safely(Runnable report) {
    WireFirewall.safely(ApacheHttpClientInstrumentationModule.NAME, report);
  }

  static void swallowed(Throwable t) {
    WireFirewall.swallowed(ApacheHttpClientInstrumentationModule.NAME, t);
  }
}
