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

  /** Every instrumented service method: starts the span, current while the method runs. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveLlmCall enter(
      @Advice.Argument(0) Object params,
      @Advice.FieldValue("clientOptions") Object clientOptions,
      @Advice.Origin("#m") String method) {
    return AnthropicJavaCalls.start(params, clientOptions, "createStreaming".equals(method));
  }

  /**
   * Ends the span with the {@code Message}, or when its future completes; a {@code StreamResponse}
   * or {@code AsyncStreamResponse} is replaced by one that ends the span as the application reads
   * it.
   */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter ActiveLlmCall call,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = AnthropicJavaCalls.end(call, result, thrown);
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
