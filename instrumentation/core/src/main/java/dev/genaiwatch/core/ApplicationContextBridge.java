package dev.genaiwatch.core;

import io.opentelemetry.api.trace.SpanContext;

/**
 * The application's current span, as seen by the application's own OpenTelemetry (its own API and
 * SDK, or the upstream OpenTelemetry Java agent), which genai-watch's relocated OpenTelemetry
 * cannot see. The {@link GenAiInstrumenter} uses it as the parent of a call that has no genai-watch
 * parent, so genai-watch spans join the application's trace. Implementations never throw and are
 * cheap enough to ask once per call.
 */
public interface ApplicationContextBridge {
  /** No application tracing: genai-watch spans start their own traces. */
  ApplicationContextBridge NONE = () -> SpanContext.getInvalid();

  /**
   * The application's current span context on this thread, or an invalid one when there is none.
   */
  SpanContext currentSpanContext();
}
