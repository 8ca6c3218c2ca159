package dev.genaiwatch.testing;

import java.util.List;
import java.util.Map;

/**
 * A span as received, with OTLP enums flattened to their short names ({@code CLIENT}, {@code
 * ERROR}) so assertions read like the semantic conventions. Ids are lowercase hex; {@code
 * parentSpanId} is empty for a root span.
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    long startEpochNanos,
    long endEpochNanos,
    String statusCode,
    String statusMessage,
    Map<String, Object> attributes,
    List<ReceivedEvent> events,
    Map<String, Object> resourceAttributes,
    String scopeName,
    String scopeVersion) {

  public ReceivedSpan {
    attributes = AnyValues.immutableCopy(attributes);
    events = events == null ? List.of() : List.copyOf(events);
    resourceAttributes = AnyValues.immutableCopy(resourceAttributes);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public String attrString(String key) {
    return AttributeLookup.get(attributes, key, String.class);
  }

  public Long attrLong(String key) {
    return AttributeLookup.get(attributes, key, Long.class);
  }

  public Double attrDouble(String key) {
    return AttributeLookup.get(attributes, key, Double.class);
  }

  public Boolean attrBool(String key) {
    return AttributeLookup.get(attributes, key, Boolean.class);
  }

  public List<?> attrList(String key) {
    return AttributeLookup.get(attributes, key, List.class);
  }

  public double durationSeconds() {
    return (endEpochNanos - startEpochNanos) / 1e9;
  }
}
