package dev.genaiwatch.testing;

import java.util.Map;

/** A span event as received. */
public record ReceivedEvent(String name, long timeEpochNanos, Map<String, Object> attributes) {
  public ReceivedEvent {
    attributes = AnyValues.immutableCopy(attributes);
  }

  public String attrString(String key) {
    return AttributeLookup.get(attributes, key, String.class);
  }

  public Long attrLong(String key) {
    return AttributeLookup.get(attributes, key, Long.class);
  }
}
