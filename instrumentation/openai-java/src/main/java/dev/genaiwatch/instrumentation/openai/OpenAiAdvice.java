package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.ActiveLlmCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into the SDK's service methods: one enter advice for every method, one exit advice
 * per return shape. Deliberately thin: all logic (and all exception handling) lives in {@link
 * OpenAiJavaCalls}; {@code suppress = Throwable.class} is the last line of defence so that nothing
 * genai-watch does can change what the application sees.
 */
public final class OpenAiAdvice {
  private OpenAiAdvice() {}

  /** Every instrumented method: start the span and make it current while the method runs. */
  public static final class Start {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.Argument(0) Object params,
        @Advice.FieldValue("clientOptions") Object clientOptions,
        @Advice.Origin("#m") String method) {
      return OpenAiJavaCalls.start(params, clientOptions, "createStreaming".equals(method));
    }
  }

  /** {@code create(params, options)} returning the response object. */
  public static final class EndSync {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      OpenAiJavaCalls.endSync(call, result, thrown);
    }
  }

  /** {@code create(params, options)} returning a {@code CompletableFuture}. */
  public static final class EndWhenComplete {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future,
        @Advice.Thrown Throwable thrown) {
      OpenAiJavaCalls.endWhenComplete(call, future, thrown);
    }
  }

  /** {@code createStreaming(params, options)} returning a blocking {@code StreamResponse}. */
  public static final class WrapStream {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream,
        @Advice.Thrown Throwable thrown) {
      stream = OpenAiJavaCalls.wrapStream(call, stream, thrown);
    }
  }

  /** {@code createStreaming(params, options)} returning an {@code AsyncStreamResponse}. */
  public static final class WrapAsyncStream {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream,
        @Advice.Thrown Throwable thrown) {
      stream = OpenAiJavaCalls.wrapAsyncStream(call, stream, thrown);
    }
  }
}
