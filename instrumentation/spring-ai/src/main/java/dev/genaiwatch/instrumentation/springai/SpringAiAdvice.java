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

  /** {@code ChatModel.call(Prompt)}. */
  public static final class Chat {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.This Object model, @Advice.Argument(0) Object prompt) {
      return SpringAiCalls.startChat(model, prompt);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object response,
        @Advice.Thrown Throwable thrown) {
      SpringAiCalls.endChat(call, response, thrown);
    }
  }

  /**
   * 1.1's {@code internalCall(Prompt, ChatResponse previousChatResponse)}: one round of a tool
   * loop.
   */
  public static final class InternalChat {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.This Object model, @Advice.Argument(0) Object prompt) {
      return SpringAiCalls.startChat(model, prompt);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Argument(1) Object previousChatResponse,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object response,
        @Advice.Thrown Throwable thrown) {
      SpringAiCalls.endChat(call, response, thrown, previousChatResponse);
    }
  }

  /**
   * {@code ChatModel.stream(Prompt)}: the returned {@code Flux} is handed back behind a tracing
   * wrapper.
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
        @Advice.Argument(0) Object prompt,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = SpringAiCalls.traceStream(model, prompt, returned, thrown);
    }
  }

  public static final class Embed {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.This Object model, @Advice.Argument(0) Object request) {
      return SpringAiCalls.startEmbeddings(model, request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object response,
        @Advice.Thrown Throwable thrown) {
      SpringAiCalls.endEmbeddings(call, response, thrown);
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
