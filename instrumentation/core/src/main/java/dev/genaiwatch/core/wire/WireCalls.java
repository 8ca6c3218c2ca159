package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Where an HTTP client instrumentation hands over a request it is about to send: decides whether it is an
 * LLM call, and either starts the call's span (raw HTTP) or joins the library-level call already in
 * progress on {@code parent} (an SDK using this HTTP client underneath), which keeps the single span.
 */
public final class WireCalls {
  private static volatile Object settingsSource;
  private static volatile WireSettings settings = WireSettings.defaults();
  private static volatile LlmEndpointMatcher matcher = new LlmEndpointMatcher(WireSettings.defaults());

  private WireCalls() {}

  /**
   * @param requestBody reads the request body when the client holds it in memory (else returns null); only
   *     called for LLM calls, so other requests cost no copy
   * @param hasTraceparent whether the request already carries a {@code traceparent} header
   * @return the exchange to feed with the response, or null when this is not an LLM call or genai-watch is off
   */
  public static WireExchange start(String instrumentation, String method, URI uri, Supplier<byte[]> requestBody,
      boolean hasTraceparent, Context parent) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null || uri == null) {
      return null;
    }
    refreshSettings();
    String operation = matcher.operation(method, uri.getHost(), uri.getRawPath());
    if (operation == null) {
      return null;
    }
    WireSettings s = settings;
    boolean capture = instrumenter.content().enabled();
    ActiveLlmCall library = GenAiInstrumenter.activeCall(parent);
    if (library != null && !library.isEnded()) {
      return new WireExchange(library, false, hasTraceparent ? null : traceparent(library.context()),
          s.maxBodyBytes(), capture, instrumenter.health());
    }
    LlmCall call = new LlmCall();
    call.instrumentation = instrumentation;
    call.operation = operation.isEmpty() ? LlmCall.OP_CHAT : operation;
    ServerEndpoint.intoCall(origin(uri), call);
    byte[] body = requestBody == null ? null : requestBody.get();
    if (body != null) {
      if (body.length > s.maxBodyBytes()) {
        call.contentTruncatedAtSource = true;
      } else {
        try {
          OpenAiWireParser.request(new String(body, StandardCharsets.UTF_8), operation, call, capture);
        } catch (IOException notJson) {
          // The server will reject it; the span still records the call and its outcome.
        }
      }
    }
    ActiveLlmCall active = instrumenter.start(call, parent);
    return new WireExchange(active, true, hasTraceparent ? null : traceparent(active.context()), s.maxBodyBytes(),
        capture, instrumenter.health());
  }

  /** Scheme, host and port only: paths and query strings are never recorded. */
  private static String origin(URI uri) {
    return uri.getScheme() + "://" + (uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost())
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String traceparent(Context context) {
    String[] value = new String[1];
    W3CTraceContextPropagator.getInstance().inject(context, value, (carrier, key, v) -> {
      if ("traceparent".equals(key) && carrier != null) {
        carrier[0] = v;
      }
    });
    return value[0];
  }

  /** Settings follow the installed configuration (read once per configuration object). */
  private static void refreshSettings() {
    Object config = GenAiWatch.config();
    if (config != settingsSource) {
      WireSettings fresh = WireSettings.from(GenAiWatch.config());
      settings = fresh;
      matcher = new LlmEndpointMatcher(fresh);
      settingsSource = config;
    }
  }
}
