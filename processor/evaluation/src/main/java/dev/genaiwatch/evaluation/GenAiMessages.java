package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a semconv content attribute ({@code gen_ai.input.messages} / {@code
 * gen_ai.output.messages}: {@code
 * [{"role":..,"parts":[{"type":"text","content":..},..],"finish_reason":..},..]}), read with a
 * streaming parser. The processor reads them for every GenAI span it forwards; building a JSON tree
 * for that was most of its per-span cost. Fields may come in any order; unknown fields and part
 * types are skipped.
 */
public final class GenAiMessages {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One message: its role, its text parts in order, its finish reason (output messages) and whether
   * it calls tools.
   */
  public record Message(String role, List<String> texts, String finishReason, boolean toolCall) {}

  private final List<Message> messages;

  private GenAiMessages(List<Message> messages) {
    this.messages = messages;
  }

  /**
   * The last two attribute values parsed on this thread and their results. Drift and the evaluator
   * read the same input and output attributes of the same span one after the other, on the
   * pipeline's thread; the span's attribute hands out the same {@code String} instance each time,
   * so identity is the key.
   */
  private static final ThreadLocal<Object[]> RECENT = ThreadLocal.withInitial(() -> new Object[4]);

  /** Null when {@code json} is null, not JSON, or not an array. */
  public static GenAiMessages parseOrNull(String json) {
    if (json == null) {
      return null;
    }
    Object[] recent = RECENT.get();
    for (int i = 0; i < recent.length; i += 2) {
      if (recent[i] == json) {
        return (GenAiMessages) recent[i + 1];
      }
    }
    GenAiMessages parsed = parse(json);
    // Newest first; the older entry moves down.
    recent[2] = recent[0];
    recent[3] = recent[1];
    recent[0] = json;
    recent[1] = parsed;
    return parsed;
  }

  private static GenAiMessages parse(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<Message> messages = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          return null;
        }
        if (token == JsonToken.START_OBJECT) {
          messages.add(message(parser));
        } else {
          parser.skipChildren();
        }
      }
      return new GenAiMessages(List.copyOf(messages));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The text parts of the messages with {@code role} (every message when null), joined by newlines.
   */
  public static String text(String json, String role) {
    GenAiMessages messages = parseOrNull(json);
    return messages == null ? "" : messages.text(role);
  }

  public List<Message> messages() {
    return messages;
  }

  /**
   * The text parts of the messages with {@code role} (every message when null), joined by newlines.
   */
  public String text(String role) {
    StringBuilder text = new StringBuilder();
    for (Message message : messages) {
      if (role != null && !role.equals(message.role())) {
        continue;
      }
      for (String part : message.texts()) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(part);
      }
    }
    return text.toString();
  }

  private static Message message(JsonParser parser) throws IOException {
    String role = "";
    String finishReason = null;
    List<String> texts = new ArrayList<>(1);
    boolean toolCall = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
        role = parser.getText();
      } else if ("finish_reason".equals(field) && value == JsonToken.VALUE_STRING) {
        finishReason = parser.getText();
      } else if ("parts".equals(field) && value == JsonToken.START_ARRAY) {
        while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (value == JsonToken.START_OBJECT) {
            toolCall |= part(parser, texts);
          } else {
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    return new Message(role, List.copyOf(texts), finishReason, toolCall);
  }

  /** Reads one part; adds its text when it is a text part; true when it is a tool call. */
  private static boolean part(JsonParser parser, List<String> texts) throws IOException {
    String type = null;
    String content = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
        type = parser.getText();
      } else if ("content".equals(field) && value == JsonToken.VALUE_STRING) {
        content = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    if ("text".equals(type) && content != null) {
      texts.add(content);
    }
    return "tool_call".equals(type);
  }
}
