package dev.genaiwatch.core.model;

/**
 * A message part per the GenAI conventions: {@code text}, {@code tool_call} or {@code
 * tool_call_response}. Only the free-text fields (content, arguments, response) go through
 * redaction and size limits.
 */
public record MessagePart(String type, String content, String toolCallId, String toolName) {

  public static MessagePart text(String content) {
    return new MessagePart("text", content, null, null);
  }

  /** {@code arguments} is the JSON text the model produced. */
  public static MessagePart toolCall(String id, String name, String arguments) {
    return new MessagePart("tool_call", arguments, id, name);
  }

  public static MessagePart toolCallResponse(String id, String response) {
    return new MessagePart("tool_call_response", response, id, null);
  }
}
