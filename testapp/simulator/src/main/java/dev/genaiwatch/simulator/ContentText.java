package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * The text of a message's content as the request APIs write it: a plain string, or an array of
 * parts whose text parts are joined by newlines. Which parts carry text differs per API, so the
 * caller names it.
 */
final class ContentText {

  /** OpenAI's and the Responses API's parts: any part with a string {@code text}. */
  static final Predicate<JsonNode> HAS_TEXT = part -> part.path("text").isTextual();

  private ContentText() {}

  /** A string as it is, the text parts of a part array joined, or "" for none. */
  static String of(JsonNode content, Predicate<JsonNode> isText) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    return joined(content, isText);
  }

  /** The {@code text} of the parts {@code isText} accepts, joined by newlines. */
  static String joined(JsonNode parts, Predicate<JsonNode> isText) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : parts) {
      if (isText.test(part)) {
        sb.append(sb.length() == 0 ? "" : "\n").append(part.path("text").asText());
      }
    }
    return sb.toString();
  }
}
