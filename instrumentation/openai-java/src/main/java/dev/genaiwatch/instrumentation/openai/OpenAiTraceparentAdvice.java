package dev.genaiwatch.instrumentation.openai;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code PrepareRequest.prepare(...)}: genai-watch's call's request carries its traceparent (see
 * {@code OpenAiJavaInstrumentationModule.typeInstrumentations()}).
 */
public final class OpenAiTraceparentAdvice {
  private OpenAiTraceparentAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    request = OpenAiJavaCalls.withTraceparent(request);
  }
}
