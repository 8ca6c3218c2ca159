package dev.genaiwatch.instrumentation.jdkhttp;

import dev.genaiwatch.bootstrap.WireBridge;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.wire.WireCalls;
import dev.genaiwatch.core.wire.WireExchange;
import io.opentelemetry.context.Context;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@link WireBridge} hooks do for the JDK HttpClient: recognise an LLM request, start (or
 * join) its call, add {@code traceparent}, and swap the application's body handler for one that
 * watches the bytes on their way to it. Never throws: a failure here sends the request exactly as
 * the application built it.
 */
public final class JdkHttpClientWire {
  private JdkHttpClientWire() {}

  /**
   * Points the bootstrap bridge at this class; called by the agent once the bridge is on the boot
   * class path.
   */
  public static void installHooks() {
    WireBridge.jdkHttpClientSend = JdkHttpClientWire::onSend;
    WireBridge.jdkHttpClientSent = JdkHttpClientWire::onSent;
  }

  static Object[] onSend(Object[] arguments) {
    WireExchange exchange = null;
    try {
      if (!(arguments[0] instanceof HttpRequest request)
          || !(arguments[1] instanceof HttpResponse.BodyHandler<?> handler)) {
        return null;
      }
      exchange =
          WireCalls.start(
              JdkHttpClientInstrumentationModule.NAME,
              request.method(),
              request.uri(),
              () -> InMemoryRequestBody.read(request),
              name -> request.headers().firstValue(name).orElse(null),
              Context.current());
      if (exchange == null) {
        return null;
      }
      HttpRequest sent = request;
      if (exchange.traceparent() != null) {
        sent =
            HttpRequest.newBuilder(request, (name, value) -> true)
                .header("traceparent", exchange.traceparent())
                .build();
      }
      return new Object[] {sent, new ObservingBodyHandler<>(handler, exchange), exchange};
    } catch (Throwable t) {
      swallowed(t);
      if (exchange != null) {
        // The request goes out unobserved: end the span now rather than leak it.
        exchange.onError(t);
      }
      return null;
    }
  }

  static void onSent(Object exchangeObject, Object outcome) {
    try {
      WireExchange exchange = (WireExchange) exchangeObject;
      if (outcome instanceof Throwable error) {
        exchange.onError(error);
      } else if (outcome instanceof CompletableFuture<?> future) {
        // whenComplete returns a new stage: the application's future is left exactly as it was.
        future.whenComplete(
            (response, error) -> {
              if (error != null) {
                exchange.onError(LibraryCalls.completionCause(error));
              }
            });
      }
      // A returned HttpResponse: the body handler reports the body's end.
    } catch (Throwable t) {
      swallowed(t);
    }
  }

  static void swallowed(Throwable t) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter != null) {
      instrumenter.health().swallowed(JdkHttpClientInstrumentationModule.NAME, t);
    }
  }
}
