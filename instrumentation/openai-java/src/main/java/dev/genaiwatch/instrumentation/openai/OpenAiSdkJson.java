package dev.genaiwatch.instrumentation.openai;

import com.openai.core.ObjectMappers;
import dev.genaiwatch.core.instrumentation.SdkJsonWriter;

/** Serialises SDK objects with the SDK's own Jackson mapper ({@link SdkJsonWriter}). */
final class OpenAiSdkJson {
  private OpenAiSdkJson() {}

  static String write(Object sdkObject) throws Throwable {
    return SdkJsonWriter.write(ObjectMappers.class, sdkObject);
  }
}
