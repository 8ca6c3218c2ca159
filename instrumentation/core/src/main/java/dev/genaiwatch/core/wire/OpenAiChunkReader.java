package dev.genaiwatch.core.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.genaiwatch.core.openai.JsonValueReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One streamed chat or completion chunk's JSON, pulled field by field instead of built into maps: a
 * chunk is read for a handful of fields (id, model, each choice's index, text, tool-call presence
 * and finish reason), and building every object of it as a {@code LinkedHashMap} was most of what
 * the wire level allocated per chunk. The rare parts (usage, logprobs) are still read as plain
 * values, for {@link OpenAiWireParser} to read as it reads a whole response. The whole chunk is
 * read before anything is applied, so a malformed chunk changes nothing.
 */
final class OpenAiChunkReader {
  /** What one choice of a chunk says. {@code index} is clamped as the map reader clamped it. */
  record Choice(int index, String text, boolean toolCall, String finishReason, Object logprobs) {
    /**
     * What a choice object's fields say: the index clamped to {@code -1 .. Integer.MAX_VALUE} (0
     * when absent), the delta's content when the choice has a delta object, else its {@code text}.
     */
    static Choice of(
        Long index,
        String text,
        boolean hasDelta,
        String deltaContent,
        boolean toolCall,
        String finishReason,
        Object logprobs) {
      int i = index == null ? 0 : (int) Math.max(-1, Math.min(index, Integer.MAX_VALUE));
      return new Choice(i, hasDelta ? deltaContent : text, toolCall, finishReason, logprobs);
    }
  }

  String id;
  String model;
  final List<Choice> choices = new ArrayList<>(1);

  /** The chunk has a {@code choices} array (perhaps empty: OpenAI's usage chunk). */
  boolean hasChoices;

  Object usage;

  private OpenAiChunkReader() {}

  /**
   * @throws IOException when {@code json} is not a JSON object
   */
  static OpenAiChunkReader read(String json) throws IOException {
    OpenAiChunkReader scanned = OpenAiChunkScanner.read(json);
    return scanned != null ? scanned : readWithJackson(json);
  }

  /** A chunk to fill ({@link OpenAiChunkScanner}). */
  static OpenAiChunkReader empty() {
    return new OpenAiChunkReader();
  }

  /**
   * {@link #read} without the scanner's fast path: every chunk the scanner declines.
   *
   * @throws IOException when {@code json} is not a JSON object
   */
  static OpenAiChunkReader readWithJackson(String json) throws IOException {
    OpenAiChunkReader chunk = new OpenAiChunkReader();
    try (JsonParser p = JsonValueReader.parser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("stream chunk is not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "id" -> chunk.id = string(p, value);
          case "model" -> chunk.model = string(p, value);
          case "usage" -> chunk.usage = JsonValueReader.value(p, value);
          case "choices" -> chunk.choices(p, value);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new IOException("unexpected text after the JSON value at " + p.currentLocation());
      }
    }
    return chunk;
  }

  private void choices(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    hasChoices = true;
    for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
      if (t == JsonToken.START_OBJECT) {
        choices.add(choice(p));
      } else {
        p.skipChildren();
      }
    }
  }

  /** One choice object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
  private static Choice choice(JsonParser p) throws IOException {
    Long index = null;
    String text = null;
    String deltaContent = null;
    boolean hasDelta = false;
    boolean toolCall = false;
    String reason = null;
    Object logprobs = null;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "index" -> index = number(p, value);
        case "text" -> text = string(p, value);
        case "finish_reason" -> reason = string(p, value);
        case "logprobs" -> logprobs = JsonValueReader.value(p, value);
        case "delta" -> {
          if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            break;
          }
          hasDelta = true;
          for (JsonToken d = p.nextToken(); d == JsonToken.FIELD_NAME; d = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("content".equals(field)) {
              deltaContent = string(p, v);
            } else if ("tool_calls".equals(field) && v == JsonToken.START_ARRAY) {
              toolCall = p.nextToken() != JsonToken.END_ARRAY;
              if (toolCall) {
                p.skipChildren();
                skipRestOfArray(p);
              }
            } else {
              p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    return Choice.of(index, text, hasDelta, deltaContent, toolCall, reason, logprobs);
  }

  /** Skips the elements after the current one, up to and including the array's END_ARRAY. */
  private static void skipRestOfArray(JsonParser p) throws IOException {
    for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
      p.skipChildren();
    }
  }

  /** The next token; the text ending inside an array is an error, not the end. */
  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new IOException("stream chunk ends inside an array");
    }
    return t;
  }

  private static String string(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static Long number(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) p.getDoubleValue();
    }
    p.skipChildren();
    return null;
  }
}
