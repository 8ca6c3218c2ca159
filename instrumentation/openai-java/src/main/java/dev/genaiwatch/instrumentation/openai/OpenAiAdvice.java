package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.ActiveLlmCall;
import io.opentelemetry.context.Scope;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into the SDK's service methods. Deliberately thin: all logic (and all exception handling)
 * lives in {@link OpenAiJavaCalls}; {@code suppress = Throwable.class} is the last line of defence so that
 * nothing genai-watch does can change what the application sees.
 */
public final class OpenAiAdvice {
  private OpenAiAdvice() {}

  /** {@code create(params, options)} returning the response object. */
  public static final class SyncCall {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(@Advice.Argument(0) Object params,
        @Advice.FieldValue("clientOptions") Object clientOptions,
        @Advice.Local("genaiWatchScope") Scope scope) {
      ActiveLlmCall call = OpenAiJavaCalls.start(params, clientOptions, false);
      scope = call == null ? null : call.makeCurrent();
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ActiveLlmCall call, @Advice.Local("genaiWatchScope") Scope scope,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
      if (scope != null) {
        scope.close();
      }
      OpenAiJavaCalls.endSync(call, result, thrown);
    }
  }

  /** {@code create(params, options)} returning a {@code CompletableFuture}. */
  public static final class AsyncCall {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(@Advice.Argument(0) Object params,
        @Advice.FieldValue("clientOptions") Object clientOptions,
        @Advice.Local("genaiWatchScope") Scope scope) {
      ActiveLlmCall call = OpenAiJavaCalls.start(params, clientOptions, false);
      scope = call == null ? null : call.makeCurrent();
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ActiveLlmCall call, @Advice.Local("genaiWatchScope") Scope scope,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future, @Advice.Thrown Throwable thrown) {
      if (scope != null) {
        scope.close();
      }
      OpenAiJavaCalls.endWhenComplete(call, future, thrown);
    }
  }

  /** {@code createStreaming(params, options)} returning a blocking {@code StreamResponse}. */
  public static final class SyncStream {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(@Advice.Argument(0) Object params,
        @Advice.FieldValue("clientOptions") Object clientOptions,
        @Advice.Local("genaiWatchScope") Scope scope) {
      ActiveLlmCall call = OpenAiJavaCalls.start(params, clientOptions, true);
      scope = call == null ? null : call.makeCurrent();
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ActiveLlmCall call, @Advice.Local("genaiWatchScope") Scope scope,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream,
        @Advice.Thrown Throwable thrown) {
      if (scope != null) {
        scope.close();
      }
      stream = OpenAiJavaCalls.wrapStream(call, stream, thrown);
    }
  }

  /** {@code createStreaming(params, options)} returning an {@code AsyncStreamResponse}. */
  public static final class AsyncStream {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(@Advice.Argument(0) Object params,
        @Advice.FieldValue("clientOptions") Object clientOptions,
        @Advice.Local("genaiWatchScope") Scope scope) {
      ActiveLlmCall call = OpenAiJavaCalls.start(params, clientOptions, true);
      scope = call == null ? null : call.makeCurrent();
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ActiveLlmCall call, @Advice.Local("genaiWatchScope") Scope scope,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream,
        @Advice.Thrown Throwable thrown) {
      if (scope != null) {
        scope.close();
      }
      stream = OpenAiJavaCalls.wrapAsyncStream(call, stream, thrown);
    }
  }
}
