package dev.genaiwatch.testing;

import java.util.Map;

/**
 * A log record as received. {@code body} is the string body, or a readable rendering of a
 * structured one (GenAI events carry maps); {@code bodyValue} keeps the structured form for
 * assertions. {@code timeEpochNanos} falls back to the observed time when the record has no
 * timestamp, since OTLP allows either.
 */
public record ReceivedLog(
    String body,
    String severityText,
    Map<String, Object> attributes,
    String traceId,
    String spanId,
    Map<String, Object> resourceAttributes,
    Object bodyValue,
    int severityNumber,
    String eventName,
    long timeEpochNanos,
    String scopeName) {

  public ReceivedLog {
    attributes = AnyValues.immutableCopy(attributes);
    resourceAttributes = AnyValues.immutableCopy(resourceAttributes);
  }

  public String attrString(String key) {
    return AttributeLookup.get(attributes, key, String.class);
  }

  public Long attrLong(String key) {
    return AttributeLookup.get(attributes, key, Long.class);
  }
}
