package dev.genaiwatch.instrumentation.reactornetty;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.wire.WireCalls;
import dev.genaiwatch.core.wire.WireExchange;
import dev.genaiwatch.core.wire.WireFirewall;
import io.netty.channel.ChannelPipeline;
import io.opentelemetry.context.Context;
import java.net.URI;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientInfos;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;

/**
 * What the hooks and the client's callbacks call. Never throws: a failure leaves the client and the
 * request exactly as the application made them.
 */
public final class ReactorNettyHooks {
  /**
   * Where the subscriber's OpenTelemetry context travels to the request callback, which runs on an
   * event loop where the caller's context is not current.
   */
  private static final String CONTEXT_KEY = "dev.genaiwatch.reactornetty.context";

  private ReactorNettyHooks() {}

  /**
   * {@code client} with genai-watch's callbacks: the caller's context captured when the request is
   * subscribed to, the request recognised (and its connection observed) when it is about to be
   * sent, failures before a response reported. Reactor Netty composes these with the application's
   * own callbacks.
   */
  public static Object instrument(Object client) {
    try {
      if (!GenAiWatch.isInstalled() || !(client instanceof HttpClient httpClient)) {
        return client;
      }
      return httpClient
          .mapConnect(ReactorNettyHooks::withCallersContext)
          .doOnRequest(ReactorNettyHooks::onRequest)
          .doOnError(ReactorNettyHooks::onRequestError, ReactorNettyHooks::onResponseError);
    } catch (Throwable t) {
      swallowed(t);
      return client;
    }
  }

  /**
   * The context current where the request is subscribed to (the application's thread for {@code
   * block()}), kept in the subscriber's Reactor context for the event loop.
   */
  static Mono<? extends Connection> withCallersContext(Mono<? extends Connection> connect) {
    return connect.contextWrite(
        reactorContext -> {
          Context current = Context.current();
          return current == Context.root() || reactorContext.hasKey(CONTEXT_KEY)
              ? reactorContext
              : reactorContext.put(CONTEXT_KEY, current);
        });
  }

  static void onRequest(HttpClientRequest request, Connection connection) {
    try {
      WireExchange exchange = start(request);
      if (exchange == null) {
        return;
      }
      try {
        if (exchange.traceparent() != null) {
          request.header("traceparent", exchange.traceparent());
        }
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(ObservingChannelHandler.NAME) != null) {
          // Left by an earlier request on this connection: Reactor Netty would keep it and skip the
          // new one, whose call would then never end. Removing it ends the earlier call.
          pipeline.remove(ObservingChannelHandler.NAME);
        }
        connection.addHandlerFirst(
            ObservingChannelHandler.NAME, new ObservingChannelHandler(exchange, connection));
      } catch (Throwable t) {
        // The request goes out unobserved: end the span now rather than leak it.
        swallowed(t);
        safely(() -> exchange.onError(t));
      }
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  /**
   * The request failed before it was sent (connection refused, a failing body publisher): ends the
   * observed exchange, or records the failed LLM call when the request never reached the callback
   * above (a connection that could not be made).
   */
  static void onRequestError(HttpClientRequest request, Throwable error) {
    try {
      ObservingChannelHandler handler = ObservingChannelHandler.of(request);
      if (handler != null) {
        handler.failed(error);
        return;
      }
      WireExchange exchange = start(request);
      if (exchange != null) {
        exchange.onError(error);
      }
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  static void onResponseError(HttpClientResponse response, Throwable error) {
    try {
      ObservingChannelHandler handler = ObservingChannelHandler.of(response);
      if (handler != null) {
        handler.failed(error);
      }
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  private static WireExchange start(HttpClientInfos request) {
    String url = request.resourceUrl();
    if (url == null && request.uri() != null && request.uri().contains("://")) {
      // A request that never got a connection has no resource URL, only the URI it was given.
      url = request.uri();
    }
    if (url == null) {
      return null;
    }
    Context parent = request.currentContextView().getOrDefault(CONTEXT_KEY, Context.current());
    return WireCalls.start(
        ReactorNettyInstrumentationModule.NAME,
        request.method().name(),
        URI.create(url),
        () -> null,
        request.requestHeaders()::get,
        parent);
  }

  static void safely(Runnable report) {
    WireFirewall.safely(ReactorNettyInstrumentationModule.NAME, report);
  }

  static void swallowed(Throwable t) {
    WireFirewall.swallowed(ReactorNettyInstrumentationModule.NAME, t);
  }
}
