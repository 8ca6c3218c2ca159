package dev.genaiwatch.instrumentation.anthropic;

import dev.genaiwatch.core.ActiveLlmCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into the SDK: thin on purpose, all logic and exception handling lives in {@link
 * AnthropicJavaCalls}; {@code suppress = Throwable.class} is the last line of defence. No advice
 * names a type of the application's OpenTelemetry API (the agent relocates its own, which would
 * rewrite the name).
 */
public final class AnthropicAdvice {
  private AnthropicAdvice() {}

  /**
   * Every instrumented service method: start the span and make it current while the method runs.
   */
  public static final class Start {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.Argument(0) Object params,
        @Advice.FieldValue("clientOptions") Object clientOptions,
        @Advice.Origin("#m") String method) {
      return AnthropicJavaCalls.start(params, clientOptions, "createStreaming".equals(method));
    }
  }

  /** {@code create(params, options)} returning the {@code Message}. */
  public static final class EndSync {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      AnthropicJavaCalls.endSync(call, result, thrown);
    }
  }

  /** {@code create(params, options)} returning a {@code CompletableFuture<Message>}. */
  public static final class EndWhenComplete {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future,
        @Advice.Thrown Throwable thrown) {
      AnthropicJavaCalls.endWhenComplete(call, future, thrown);
    }
  }

  /** {@code createStreaming(params, options)} returning a blocking {@code StreamResponse}. */
  public static final class WrapStream {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream,
        @Advice.Thrown Throwable thrown) {
      stream = AnthropicJavaCalls.wrapStream(call, stream, thrown);
    }
  }

  /** {@code createStreaming(params, options)} returning an {@code AsyncStreamResponse}. */
  public static final class WrapAsyncStream {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream,
        @Advice.Thrown Throwable thrown) {
      stream = AnthropicJavaCalls.wrapAsyncStream(call, stream, thrown);
    }
  }

  /**
   * The SDK's {@code tracer(ClientOptions)}: no tracer, so no SDK span, for genai-watch's own call.
   */
  public static final class NoSdkTracer {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object tracer) {
      if (tracer != null && AnthropicJavaCalls.ownsCurrentCall()) {
        tracer = null;
      }
    }
  }

  /**
   * The SDK's {@code HttpRequest.prepare(...)}: genai-watch's call's request carries its
   * traceparent.
   */
  public static final class AddTraceparent {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
      request = AnthropicJavaCalls.withTraceparent(request);
    }
  }
}
