package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.ObjectMappers;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;

/** What the SDK does on the wire: parse the server's JSON with its own mapper. */
final class SdkJson {
  private SdkJson() {}

  static <T> T parse(String json, Class<T> type) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
