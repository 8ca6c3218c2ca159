package dev.genaiwatch.instrumentation.google;

import com.google.genai.JsonSerializable;
import dev.genaiwatch.core.gemini.GeminiApi;
import dev.genaiwatch.core.model.GenAiMessage;
import java.util.List;
import java.util.function.Function;

/**
 * Converts Gemini {@code Content} (the SDK's JSON as plain values) into the conventions' message
 * model, with the wire level's reading ({@link GeminiApi}: the same rules for the SDK and a raw
 * HTTP call), writing function arguments and responses with the SDK's own mapper.
 */
final class GeminiContents {
  /** Writes function call arguments and responses with the SDK's own mapper. */
  static final Function<Object, String> JSON = GeminiContents::json;

  private GeminiContents() {}

  static List<GenAiMessage> messages(List<?> contentsJson) {
    return GeminiApi.messages(contentsJson, JSON);
  }

  /** The text of a system instruction's parts. */
  static List<String> texts(Object contentJson) {
    return GeminiApi.texts(contentJson, JSON);
  }

  /** The conventions' finish reason for Gemini's (see {@link GeminiApi#finishReason}). */
  static String finishReason(String gemini, boolean callsFunction) {
    return GeminiApi.finishReason(gemini, callsFunction);
  }

  private static String json(Object value) {
    return value == null ? null : JsonSerializable.toJsonString(value);
  }
}
