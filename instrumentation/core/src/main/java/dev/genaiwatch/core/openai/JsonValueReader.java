package dev.genaiwatch.core.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain Java values (Map, List, String, Long/Double, Boolean, null) with
 * jackson-core only, so the agent does not carry jackson-databind. Nesting depth and string length
 * are capped by Jackson's read constraints, so a hostile body cannot exhaust the stack.
 */
public final class JsonValueReader {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private JsonValueReader() {}

  /**
   * @throws IOException with Jackson's location-bearing message when the text is not JSON
   */
  public static Object read(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("empty JSON text");
      }
      Object value = value(p, t);
      if (p.nextToken() != null) {
        throw new IOException("unexpected text after the JSON value at " + p.currentLocation());
      }
      return value;
    }
  }

  /**
   * A parser over {@code json} with the same constraints, for readers that pull only the fields
   * they need instead of building the whole value.
   */
  public static JsonParser parser(String json) throws IOException {
    return JSON.createParser(json);
  }

  /**
   * The value that starts at {@code t}, the parser's current token (a whole object or array read
   * into plain values).
   */
  public static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
            String name = p.currentName();
            map.put(name, value(p, p.nextToken()));
          }
          return map;
        }
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            list.add(value(p, e));
          }
          return list;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }
}
