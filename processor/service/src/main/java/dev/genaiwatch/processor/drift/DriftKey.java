package dev.genaiwatch.processor.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/** Drift is tracked separately per service, requested model and operation. */
public record DriftKey(String serviceName, String requestModel, String operationName) {
  private static final String SEPARATOR = "|";

  /** The id used in the API path, {@code service|model|operation} (URL-encode it). */
  public String id() {
    return serviceName + SEPARATOR + requestModel + SEPARATOR + operationName;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id());
    json.put("service.name", serviceName);
    json.put("gen_ai.request.model", requestModel);
    json.put("gen_ai.operation.name", operationName);
    return json;
  }
}
