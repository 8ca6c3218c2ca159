package dev.genaiwatch.core.openai;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts OpenAI chat-completions messages (the wire JSON, as plain values from {@link
 * JsonValueReader}) into the GenAI conventions' message model: {@code system}/{@code developer}
 * messages become system instructions, the rest input messages with text, tool-call and
 * tool-response parts. Shared by every instrumentation that sees OpenAI-format messages (the SDK
 * and the wire-level HTTP clients).
 */
public final class OpenAiChatMessages {
  private OpenAiChatMessages() {}

  /** Fills {@code call.inputMessages} and {@code call.systemInstructions} from a messages array. */
  public static void intoCall(Object messagesJson, LlmCall call) {
    List<GenAiMessage> input = new ArrayList<>();
    List<String> system = new ArrayList<>();
    if (messagesJson instanceof List<?> list) {
      for (Object m : list) {
        if (!(m instanceof Map<?, ?> message)) {
          continue;
        }
        String role = string(message.get("role"));
        if ("system".equals(role) || "developer".equals(role)) {
          String text = text(message.get("content"));
          if (text != null) {
            system.add(text);
          }
          continue;
        }
        input.add(new GenAiMessage(role == null ? "user" : role, parts(message), null));
      }
    }
    call.inputMessages = input;
    call.systemInstructions = system;
  }

  /** One response choice's message ({@code choices[].message}) as an output message. */
  public static GenAiMessage outputMessage(Object messageJson, String finishReason) {
    if (!(messageJson instanceof Map<?, ?> message)) {
      return new GenAiMessage("assistant", List.of(), finishReason);
    }
    List<MessagePart> parts = parts(message);
    if (parts.isEmpty() && message.get("refusal") instanceof String refusal) {
      parts = List.of(MessagePart.text(refusal));
    }
    String role = string(message.get("role"));
    return new GenAiMessage(role == null ? "assistant" : role, parts, finishReason);
  }

  private static List<MessagePart> parts(Map<?, ?> message) {
    List<MessagePart> parts = new ArrayList<>(1);
    String role = string(message.get("role"));
    String text = text(message.get("content"));
    if ("tool".equals(role)) {
      parts.add(MessagePart.toolCallResponse(string(message.get("tool_call_id")), text));
      return parts;
    }
    if (text != null) {
      parts.add(MessagePart.text(text));
    }
    if (message.get("tool_calls") instanceof List<?> calls) {
      for (Object c : calls) {
        if (c instanceof Map<?, ?> call && call.get("function") instanceof Map<?, ?> fn) {
          parts.add(
              MessagePart.toolCall(
                  string(call.get("id")), string(fn.get("name")), string(fn.get("arguments"))));
        }
      }
    }
    return parts;
  }

  /**
   * Message content is a string or an array of parts; only text parts are kept (images are not
   * content we record).
   */
  static String text(Object content) {
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof List<?> parts) {
      StringBuilder sb = new StringBuilder();
      for (Object p : parts) {
        if (p instanceof Map<?, ?> part
            && "text".equals(part.get("type"))
            && part.get("text") instanceof String t) {
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append(t);
        }
      }
      return sb.length() == 0 ? null : sb.toString();
    }
    return null;
  }

  private static String string(Object o) {
    return o instanceof String s ? s : null;
  }
}
