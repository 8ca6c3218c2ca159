package dev.genaiwatch.instrumentation.google;

import com.google.genai.JsonSerializable;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts Gemini {@code Content} (the SDK's JSON as plain values) into the conventions' message
 * model: {@code text} parts become text parts, {@code functionCall} parts tool calls (arguments:
 * the {@code args} as JSON), {@code functionResponse} parts tool call responses (the {@code
 * response} as JSON). Thought summaries ({@code thought: true}), inline data and files are not
 * content genai-watch records. Gemini's role {@code model} is the conventions' {@code assistant}; a
 * content carrying only function responses is a {@code tool} message.
 */
final class GeminiContents {
  private GeminiContents() {}

  /** One {@code Content} as a message, or null for a value that is not one. */
  static GenAiMessage message(Object contentJson, String finishReason) {
    if (!(contentJson instanceof Map<?, ?> content)) {
      return null;
    }
    List<MessagePart> parts = parts(content.get("parts"));
    String role = content.get("role") instanceof String r ? r : "user";
    if ("model".equals(role)) {
      role = "assistant";
    } else if (!parts.isEmpty()
        && parts.stream().allMatch(p -> "tool_call_response".equals(p.type()))) {
      role = "tool";
    }
    return new GenAiMessage(role, parts, finishReason);
  }

  static List<GenAiMessage> messages(List<?> contentsJson) {
    List<GenAiMessage> out = new ArrayList<>(contentsJson.size());
    for (Object c : contentsJson) {
      GenAiMessage m = message(c, null);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** The text of a system instruction's parts. */
  static List<String> texts(Object contentJson) {
    List<String> out = new ArrayList<>(1);
    if (contentJson instanceof Map<?, ?> content) {
      for (MessagePart p : parts(content.get("parts"))) {
        if ("text".equals(p.type()) && p.content() != null) {
          out.add(p.content());
        }
      }
    }
    return out;
  }

  static List<MessagePart> parts(Object partsJson) {
    List<MessagePart> parts = new ArrayList<>(1);
    if (!(partsJson instanceof List<?> list)) {
      return parts;
    }
    for (Object p : list) {
      if (!(p instanceof Map<?, ?> part) || Boolean.TRUE.equals(part.get("thought"))) {
        continue;
      }
      if (part.get("text") instanceof String text) {
        parts.add(MessagePart.text(text));
      } else if (part.get("functionCall") instanceof Map<?, ?> call) {
        parts.add(
            MessagePart.toolCall(
                string(call.get("id")), string(call.get("name")), json(call.get("args"))));
      } else if (part.get("functionResponse") instanceof Map<?, ?> response) {
        parts.add(
            MessagePart.toolCallResponse(
                string(response.get("id")), json(response.get("response"))));
      }
    }
    return parts;
  }

  /**
   * The conventions' finish reason for Gemini's: {@code STOP} is {@code stop} ({@code tool_call}
   * when the candidate calls a function), {@code MAX_TOKENS} {@code length}, the safety and policy
   * stops {@code content_filter}, anything else Gemini's own name in lower case.
   */
  static String finishReason(String gemini, boolean callsFunction) {
    if (gemini == null || gemini.isEmpty() || "FINISH_REASON_UNSPECIFIED".equals(gemini)) {
      return null;
    }
    return switch (gemini) {
      case "STOP" -> callsFunction ? "tool_call" : "stop";
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
          "content_filter";
      default -> gemini.toLowerCase(Locale.ROOT);
    };
  }

  static boolean callsFunction(List<MessagePart> parts) {
    for (MessagePart p : parts) {
      if ("tool_call".equals(p.type())) {
        return true;
      }
    }
    return false;
  }

  private static String json(Object value) {
    return value == null ? null : JsonSerializable.toJsonString(value);
  }

  static String string(Object value) {
    return value instanceof String s ? s : null;
  }
}
