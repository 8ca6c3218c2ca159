package dev.genaiwatch.processor.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift is tracked separately per service, requested model, operation and prompt template: calls of
 * one service and model with different system instructions are different populations. {@code
 * template} is the application's {@code gen_ai.prompt.name} when the span carries one, else the
 * fingerprint of the system instructions ({@link NormalisedText#fingerprint}), else empty (no
 * system instructions, or content capture off).
 */
public record DriftKey(
    String serviceName, String requestModel, String operationName, String template) {
  public static final String TEMPLATE_ATTRIBUTE = "genai_watch.prompt.template";
  private static final char SEPARATOR = '|';
  private static final char ESCAPE = '\\';

  public DriftKey {
    template = template == null ? "" : template;
  }

  /** A key without a template. */
  public DriftKey(String serviceName, String requestModel, String operationName) {
    this(serviceName, requestModel, operationName, "");
  }

  /**
   * The id used in the API path, {@code service|model|operation}, then {@code |template} when there
   * is one (URL-encode it). A {@code |} or {@code \} inside a part is escaped with {@code \}, so
   * two different keys never share an id.
   */
  public String id() {
    StringBuilder id = new StringBuilder();
    append(id, serviceName);
    id.append(SEPARATOR);
    append(id, requestModel);
    id.append(SEPARATOR);
    append(id, operationName);
    if (!template.isEmpty()) {
      id.append(SEPARATOR);
      append(id, template);
    }
    return id.toString();
  }

  private static void append(StringBuilder id, String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == SEPARATOR || c == ESCAPE) {
        id.append(ESCAPE);
      }
      id.append(c);
    }
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id());
    json.put("service.name", serviceName);
    json.put("gen_ai.request.model", requestModel);
    json.put("gen_ai.operation.name", operationName);
    json.put(TEMPLATE_ATTRIBUTE, template.isEmpty() ? null : template);
    return json;
  }
}
