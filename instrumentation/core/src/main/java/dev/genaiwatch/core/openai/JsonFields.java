package dev.genaiwatch.core.openai;

import dev.genaiwatch.core.model.LlmCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the plain values {@link JsonValueReader} returns, for the wire formats' readers: a
 * value of another type than asked for is absent (null), as a field the server left out.
 */
public final class JsonFields {
  private JsonFields() {}

  public static String string(Object o) {
    return o instanceof String s ? s : null;
  }

  public static Long number(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }

  public static Double decimal(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  /** The strings of an array (other elements left out), or null when {@code o} is no array. */
  public static List<String> strings(Object o) {
    if (!(o instanceof List<?> list)) {
      return null;
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object s : list) {
      if (s instanceof String text) {
        out.add(text);
      }
    }
    return out;
  }

  /**
   * The request fields every chat format names alike: {@code model}, {@code stream}, {@code
   * temperature}, {@code top_p}, and the token limit under the format's own name.
   */
  public static void sampling(Map<?, ?> body, String maxTokensField, LlmCall call) {
    call.requestModel = string(body.get("model"));
    call.stream = Boolean.TRUE.equals(body.get("stream"));
    call.maxTokens = number(body.get(maxTokensField));
    call.temperature = decimal(body.get("temperature"));
    call.topP = decimal(body.get("top_p"));
  }
}
