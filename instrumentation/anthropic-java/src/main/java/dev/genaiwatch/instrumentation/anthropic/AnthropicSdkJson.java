package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.ObjectMappers;
import dev.genaiwatch.core.instrumentation.SdkJsonWriter;

/** Serialises SDK objects with the SDK's own Jackson mapper ({@link SdkJsonWriter}). */
final class AnthropicSdkJson {
  private AnthropicSdkJson() {}

  static String write(Object sdkObject) throws Throwable {
    return SdkJsonWriter.write(ObjectMappers.class, sdkObject);
  }
}
