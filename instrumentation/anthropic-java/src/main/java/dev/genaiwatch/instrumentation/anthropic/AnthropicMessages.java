package dev.genaiwatch.instrumentation.anthropic;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts Anthropic Messages API content (the wire JSON as plain values) into the conventions'
 * message model: {@code text} blocks become text parts, {@code tool_use} blocks tool calls
 * (arguments: the input as JSON), {@code tool_result} blocks tool call responses. Other blocks
 * (images, documents, thinking) are not content genai-watch records.
 */
final class AnthropicMessages {
  /** Writes a plain JSON value back to JSON text (the tool input), with the SDK's own mapper. */
  interface JsonWriter {
    String write(Object value) throws Throwable;
  }

  private AnthropicMessages() {}

  /** The {@code messages} array of a request. */
  static List<GenAiMessage> input(Object messagesJson, JsonWriter json) throws Throwable {
    List<GenAiMessage> out = new ArrayList<>();
    if (messagesJson instanceof List<?> list) {
      for (Object m : list) {
        if (m instanceof Map<?, ?> message) {
          String role = message.get("role") instanceof String r ? r : "user";
          out.add(new GenAiMessage(role, parts(message.get("content"), json), null));
        }
      }
    }
    return out;
  }

  /** A response's {@code content} array as the one output message. */
  static GenAiMessage output(Object contentJson, String finishReason, JsonWriter json)
      throws Throwable {
    return new GenAiMessage("assistant", parts(contentJson, json), finishReason);
  }

  static List<MessagePart> parts(Object content, JsonWriter json) throws Throwable {
    List<MessagePart> parts = new ArrayList<>(1);
    if (content instanceof String text) {
      parts.add(MessagePart.text(text));
      return parts;
    }
    if (!(content instanceof List<?> blocks)) {
      return parts;
    }
    for (Object b : blocks) {
      if (!(b instanceof Map<?, ?> block)) {
        continue;
      }
      Object type = block.get("type");
      if ("text".equals(type) && block.get("text") instanceof String text) {
        parts.add(MessagePart.text(text));
      } else if ("tool_use".equals(type)) {
        Object input = block.get("input");
        parts.add(
            MessagePart.toolCall(
                string(block.get("id")),
                string(block.get("name")),
                input == null ? null : json.write(input)));
      } else if ("tool_result".equals(type)) {
        parts.add(
            MessagePart.toolCallResponse(
                string(block.get("tool_use_id")), text(block.get("content"))));
      }
    }
    return parts;
  }

  /** A tool result's content: a string, or text blocks joined. */
  private static String text(Object content) {
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof List<?> blocks) {
      StringBuilder sb = new StringBuilder();
      for (Object b : blocks) {
        if (b instanceof Map<?, ?> block
            && "text".equals(block.get("type"))
            && block.get("text") instanceof String t) {
          sb.append(t);
        }
      }
      return sb.toString();
    }
    return null;
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }
}
