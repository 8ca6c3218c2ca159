package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.FrameworkSpan;
import io.opentelemetry.context.Scope;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into Spring AI methods. Deliberately thin: the logic and all exception handling
 * live in {@link SpringAiCalls} and {@link SpringAiFrameworkCalls}; {@code suppress =
 * Throwable.class} is the last line of defence so nothing genai-watch does changes what the
 * application sees.
 */
public final class SpringAiAdvice {
  private SpringAiAdvice() {}

  /**
   * {@code ChatModel.call(Prompt)}, 1.1's {@code internalCall(Prompt, ChatResponse
   * previousChatResponse)} (one round of a tool loop) and {@code EmbeddingModel.call(
   * EmbeddingRequest)}: {@link SpringAiCalls} tells them apart by their arguments.
   */
  public static final class ModelCall {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.This Object model, @Advice.AllArguments Object[] arguments) {
      return SpringAiCalls.startModelCall(model, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.AllArguments Object[] arguments,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object response,
        @Advice.Thrown Throwable thrown) {
      SpringAiCalls.endModelCall(call, arguments, response, thrown);
    }
  }

  /**
   * {@code ChatModel.stream(Prompt)} and 1.1's {@code internalStream(Prompt, ChatResponse
   * previousChatResponse)} (one round of a streamed tool loop): the returned {@code Flux} is handed
   * back behind a tracing wrapper.
   */
  public static final class Stream {
    /**
     * The agent binds advice as an enter/exit pair; the span starts when the Flux is subscribed.
     */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.This Object model,
        @Advice.AllArguments Object[] arguments,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = SpringAiCalls.traceStreamRound(model, arguments, returned, thrown);
    }
  }

  /** {@code ToolCallingManager.executeToolCalls(Prompt, ChatResponse)}. */
  public static final class ToolRound {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Scope enter(@Advice.Argument(1) Object chatResponse) {
      return SpringAiFrameworkCalls.startToolRound(chatResponse);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Scope scope) {
      SpringAiFrameworkCalls.endToolRound(scope);
    }
  }

  /** {@code ToolCallback.call(String)} and {@code call(String, ToolContext)}. */
  public static final class Tool {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static FrameworkSpan enter(
        @Advice.This Object callback, @Advice.Argument(0) Object input) {
      return SpringAiFrameworkCalls.startTool(callback, input);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter FrameworkSpan span,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      SpringAiFrameworkCalls.endTool(span, result, thrown);
    }
  }

  /** The terminal methods of {@code ChatClient}'s {@code CallResponseSpec}. */
  public static final class ClientCall {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static FrameworkSpan enter(@Advice.This Object spec) {
      return SpringAiFrameworkCalls.startClient(spec, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter FrameworkSpan span, @Advice.Thrown Throwable thrown) {
      SpringAiFrameworkCalls.endClientCall(span, thrown);
    }
  }

  /**
   * The terminal methods of {@code ChatClient}'s {@code StreamResponseSpec}: the span ends with the
   * Flux.
   */
  public static final class ClientStream {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static FrameworkSpan enter(@Advice.This Object spec) {
      return SpringAiFrameworkCalls.startClient(spec, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter FrameworkSpan span,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = SpringAiFrameworkCalls.endClientStream(span, returned, thrown);
    }
  }

  /** Exit only: a RAG advisor's {@code before} returned the request carrying what it retrieved. */
  public static final class Advised {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object request) {
      SpringAiFrameworkCalls.advised(request);
    }
  }
}
