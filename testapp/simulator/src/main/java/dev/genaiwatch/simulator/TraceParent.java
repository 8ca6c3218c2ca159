package dev.genaiwatch.simulator;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A W3C {@code traceparent} header ({@code 00-<32 hex trace id>-<16 hex span id>-<flags>}), as vLLM
 * reads it to make its {@code llm_request} span a child of the caller's span.
 */
record TraceParent(String traceId, String spanId) {

  private static final Pattern FORMAT =
      Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String INVALID_TRACE = "0".repeat(32);
  private static final String INVALID_SPAN = "0".repeat(16);

  /** The parsed header, or null when it is absent or malformed (the span then starts a trace). */
  static TraceParent parse(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (!FORMAT.matcher(h).matches()) {
      return null;
    }
    String traceId = h.substring(3, 35);
    String spanId = h.substring(36, 52);
    if (traceId.equals(INVALID_TRACE) || spanId.equals(INVALID_SPAN)) {
      return null;
    }
    return new TraceParent(traceId, spanId);
  }
}
