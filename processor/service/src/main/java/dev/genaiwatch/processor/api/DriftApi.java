package dev.genaiwatch.processor.api;

import java.util.List;
import java.util.Map;

/** What the JSON API asks of drift detection. */
public interface DriftApi {
  /** One JSON-ready object per drift key. */
  List<Map<String, Object>> state();

  /** Makes the current window the reference of {@code keyId}; false when there is no such key. */
  boolean pinBaseline(String keyId);
}
