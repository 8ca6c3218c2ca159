package dev.genaiwatch.core.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * What an SDK does on the wire, for the SDKs' tests: parse the server's JSON with the SDK's own
 * mapper ({@code ObjectMappers.jsonMapper()} of the OpenAI and Anthropic SDKs).
 */
public final class SdkJsonParser {
  private SdkJsonParser() {}

  public static <T> T parse(ObjectMapper sdkMapper, String json, Class<T> type) {
    try {
      return sdkMapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
