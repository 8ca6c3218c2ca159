package dev.genaiwatch.agent.context;

import dev.genaiwatch.core.ApplicationContextBridge;
import dev.genaiwatch.core.GenAiWatchLog;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reads the application's current span reflectively, from whichever OpenTelemetry the application
 * uses:
 *
 * <ol>
 *   <li>The upstream OpenTelemetry Java agent, when it runs in this JVM: its (shaded) API sits on
 *       the bootstrap class path, and it bridges the application's own {@code io.opentelemetry.api}
 *       into its context, so it sees both its own server spans and spans the application opens.
 *   <li>Otherwise the application's own {@code io.opentelemetry.api} (its own SDK), looked up from
 *       the thread's context class loader, then the system class loader. Classes are cached per
 *       class loader.
 * </ol>
 *
 * genai-watch's own OpenTelemetry is relocated ({@code dev.genaiwatch.shaded.io.opentelemetry}), so
 * the two never share classes; only the span context (ids, flags, trace state) crosses, by value.
 * Nothing here throws: an API that behaves unexpectedly is treated as absent.
 */
public final class ApplicationOpenTelemetryBridge implements ApplicationContextBridge {
  // Joined at run time: the agent jar's shading rewrites every string constant that starts with
  // "io.opentelemetry" to the relocated package, which would make these name genai-watch's own
  // classes.
  static final String APPLICATION_SPAN =
      String.join(".", "io", "opentelemetry", "api", "trace", "Span");
  static final String UPSTREAM_AGENT_SPAN =
      String.join(".", "io", "opentelemetry", "javaagent", "shaded", APPLICATION_SPAN);

  private final Map<ClassLoader, ReflectiveSpanApi> applicationApis =
      Collections.synchronizedMap(new WeakHashMap<>());
  private volatile ReflectiveSpanApi upstreamAgentApi;

  @Override
  public SpanContext currentSpanContext() {
    ReflectiveSpanApi api = upstreamAgentApi();
    if (api == ReflectiveSpanApi.ABSENT) {
      api = applicationApi(Thread.currentThread().getContextClassLoader());
      if (api == ReflectiveSpanApi.ABSENT) {
        api = applicationApi(ClassLoader.getSystemClassLoader());
      }
    }
    return api.currentSpanContext();
  }

  private ReflectiveSpanApi upstreamAgentApi() {
    ReflectiveSpanApi api = upstreamAgentApi;
    if (api == null) {
      // First asked at the first LLM call, after every agent's premain ran, whatever the -javaagent
      // order.
      api = ReflectiveSpanApi.find(UPSTREAM_AGENT_SPAN, null);
      if (api != ReflectiveSpanApi.ABSENT) {
        GenAiWatchLog.debug("joining the upstream OpenTelemetry agent's traces");
      }
      upstreamAgentApi = api;
    }
    return api;
  }

  private ReflectiveSpanApi applicationApi(ClassLoader loader) {
    if (loader == null) {
      return ReflectiveSpanApi.ABSENT;
    }
    ReflectiveSpanApi api = applicationApis.get(loader);
    if (api == null) {
      api = ReflectiveSpanApi.find(APPLICATION_SPAN, loader);
      applicationApis.put(loader, api);
    }
    return api;
  }

  /** Builds genai-watch's (relocated) span context from the application's values. */
  static SpanContext toSpanContext(
      String traceId, String spanId, byte flags, boolean remote, Map<String, String> state) {
    TraceState traceState = TraceState.getDefault();
    if (state != null && !state.isEmpty()) {
      var builder = TraceState.builder();
      state.forEach(builder::put);
      traceState = builder.build();
    }
    TraceFlags traceFlags = TraceFlags.fromByte(flags);
    return remote
        ? SpanContext.createFromRemoteParent(traceId, spanId, traceFlags, traceState)
        : SpanContext.create(traceId, spanId, traceFlags, traceState);
  }
}
