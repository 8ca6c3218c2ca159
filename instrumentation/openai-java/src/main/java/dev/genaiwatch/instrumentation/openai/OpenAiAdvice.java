package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.ActiveLlmCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into the SDK's service methods, the same for every method and return shape.
 * Deliberately thin: all logic (and all exception handling) lives in {@link OpenAiJavaCalls};
 * {@code suppress = Throwable.class} is the last line of defence so that nothing genai-watch does
 * can change what the application sees.
 */
public final class OpenAiAdvice {
  private OpenAiAdvice() {}

  /** Starts the span and makes it current while the method runs. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveLlmCall enter(
      @Advice.Argument(0) Object params,
      @Advice.FieldValue("clientOptions") Object clientOptions,
      @Advice.Origin("#m") String method) {
    return OpenAiJavaCalls.start(params, clientOptions, "createStreaming".equals(method));
  }

  /**
   * Ends the span with the response, or when the future completes; a stream is replaced by one that
   * ends the span as the application reads it.
   */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter ActiveLlmCall call,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = OpenAiJavaCalls.end(call, result, thrown);
  }
}
