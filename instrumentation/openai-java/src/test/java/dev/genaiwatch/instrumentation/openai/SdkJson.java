package dev.genaiwatch.instrumentation.openai;

import com.openai.core.ObjectMappers;
import dev.genaiwatch.core.testing.SdkJsonParser;

/** What the SDK does on the wire: parse the server's JSON with its own mapper. */
final class SdkJson {
  private SdkJson() {}

  static <T> T parse(String json, Class<T> type) {
    return SdkJsonParser.parse(ObjectMappers.jsonMapper(), json, type);
  }
}
