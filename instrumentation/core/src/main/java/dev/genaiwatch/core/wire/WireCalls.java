package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiResponses;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where an HTTP client instrumentation hands over a request it is about to send: decides whether it
 * is an LLM call, and either starts the call's span (raw HTTP) or joins the library-level call
 * already in progress on {@code parent} (an SDK using this HTTP client underneath), which keeps the
 * single span.
 */
public final class WireCalls {
  private static volatile Object settingsSource;
  private static volatile WireSettings settings = WireSettings.defaults();
  private static volatile LlmEndpointMatcher matcher =
      new LlmEndpointMatcher(WireSettings.defaults());

  private WireCalls() {}

  /**
   * @param requestBody reads the request body when the client holds it in memory (else returns
   *     null); only called for LLM calls, so other requests cost no copy
   * @param hasTraceparent whether the request already carries a {@code traceparent} header
   * @return the exchange to feed with the response, or null when this is not an LLM call or
   *     genai-watch is off
   */
  public static WireExchange start(
      String instrumentation,
      String method,
      URI uri,
      Supplier<byte[]> requestBody,
      boolean hasTraceparent,
      Context parent) {
    return uri == null
        ? null
        : start(
            instrumentation,
            method,
            WireTarget.of(uri),
            requestBody,
            name -> null,
            hasTraceparent,
            parent);
  }

  /**
   * As above, with the request's headers ({@code header} returns a header's first value or null),
   * so that a request sent by an SDK whose library-level instrumentation is active is recognised as
   * that library's even when the SDK sends it from a thread without the call's context ({@link
   * CallOwnership#sentByInstrumentedSdk}).
   */
  public static WireExchange start(
      String instrumentation,
      String method,
      URI uri,
      Supplier<byte[]> requestBody,
      Function<String, String> header,
      Context parent) {
    return uri == null
        ? null
        : start(instrumentation, method, WireTarget.of(uri), requestBody, header, parent);
  }

  /**
   * As above, for a client that holds the URL's parts already (so no {@link URI} is built per
   * request).
   */
  public static WireExchange start(
      String instrumentation,
      String method,
      WireTarget target,
      Supplier<byte[]> requestBody,
      Function<String, String> header,
      Context parent) {
    return start(
        instrumentation,
        method,
        target,
        requestBody,
        header,
        header.apply("traceparent") != null,
        parent);
  }

  private static WireExchange start(
      String instrumentation,
      String method,
      WireTarget target,
      Supplier<byte[]> requestBody,
      Function<String, String> header,
      boolean hasTraceparent,
      Context parent) {
    if (!GenAiWatch.isInstalled() || target == null || target.host() == null) {
      return null;
    }
    ActiveLlmCall library = CallOwnership.callToJoin(parent);
    if (library != null && libraryHasItAll(library.call(), hasTraceparent)) {
      // Whatever this request is, the library call in progress reports all it could add: the
      // common case of an SDK over this client costs no URL matching.
      return null;
    }
    refreshSettings();
    String operation = matcher.operation(method, target.host(), target.rawPath());
    // Only an LLM request builds the telemetry SDK (on first use), not every request the client
    // sends.
    GenAiInstrumenter instrumenter = operation == null ? null : GenAiWatch.instrumenter();
    if (instrumenter == null) {
      return null;
    }
    WireSettings s = settings;
    boolean capture = instrumenter.content().enabled();
    WireDialect dialect = WireDialect.of(operation);
    if (dialect != null && !dialect.sentTo().test(header)) {
      return null;
    }
    if (library != null) {
      return exchange(library, false, hasTraceparent, dialect, s, instrumenter);
    }
    if (instrumenter.ownership().sentByInstrumentedSdk(header)) {
      return null;
    }
    LlmCall call = new LlmCall();
    call.instrumentation = instrumentation;
    boolean responses = LlmEndpointMatcher.OPERATION_RESPONSES.equals(operation);
    call.operation = operation.isEmpty() || responses ? LlmCall.OP_CHAT : operation;
    if (responses) {
      call.openAiApiType = OpenAiResponses.API_TYPE;
    }
    if (dialect != null) {
      dialect.fromPath().accept(target.rawPath(), call);
    }
    ServerEndpoint.intoCall(target.origin(), call);
    byte[] body = requestBody == null ? null : requestBody.get();
    if (body != null) {
      if (body.length > s.maxBodyBytes()) {
        call.contentTruncatedAtSource = true;
      } else {
        readRequest(new String(body, StandardCharsets.UTF_8), operation, call, capture);
      }
    }
    WireExchange exchange =
        exchange(instrumenter.start(call, parent), true, hasTraceparent, dialect, s, instrumenter);
    exchange.requestOperation = operation;
    return exchange;
  }

  /**
   * Whether the wire level has nothing to add to a library's call: the request already carries a
   * {@code traceparent} (the library's instrumentation added it) and the library reads the whole
   * response's usage details itself. Then the response body is neither wrapped nor copied: that was
   * a copy of every byte and a second look at the JSON the SDK had just parsed, on every call.
   */
  private static boolean libraryHasItAll(LlmCall call, boolean hasTraceparent) {
    return hasTraceparent && call.usageDetailsFromLibrary && !call.stream;
  }

  /**
   * The exchange for {@code call}: one the wire level started ({@code owned}) or a library's it
   * joins.
   */
  private static WireExchange exchange(
      ActiveLlmCall call,
      boolean owned,
      boolean hasTraceparent,
      WireDialect dialect,
      WireSettings s,
      GenAiInstrumenter instrumenter) {
    WireExchange exchange =
        new WireExchange(
            call,
            owned,
            hasTraceparent ? null : traceparent(call.context()),
            s.maxBodyBytes(),
            instrumenter.content().enabled(),
            instrumenter.health());
    exchange.dialect = dialect;
    return exchange;
  }

  /**
   * The request JSON into {@code call}; a body that is not JSON leaves it as it is (the server will
   * reject it).
   */
  static void readRequest(String json, String operation, LlmCall call, boolean capture) {
    WireDialect dialect = WireDialect.of(operation);
    try {
      if (dialect != null) {
        dialect.request().read(JsonValueReader.read(json), call, capture);
      } else if (LlmEndpointMatcher.OPERATION_RESPONSES.equals(operation)) {
        OpenAiResponses.request(JsonValueReader.read(json), call, capture);
      } else {
        OpenAiWireParser.request(json, operation, call, capture);
      }
    } catch (IOException notJson) {
      // The span still records the call and its outcome.
    }
  }

  private static String traceparent(Context context) {
    String[] value = new String[1];
    W3CTraceContextPropagator.getInstance()
        .inject(
            context,
            value,
            (carrier, key, v) -> {
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
