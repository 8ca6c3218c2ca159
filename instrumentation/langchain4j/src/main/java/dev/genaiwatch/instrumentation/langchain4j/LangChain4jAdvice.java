package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.FrameworkSpan;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into LangChain4j methods. Deliberately thin: the logic and all exception handling
 * live in {@link LangChain4jCalls} and {@link LangChain4jFrameworkCalls}; {@code suppress =
 * Throwable.class} is the last line of defence so nothing genai-watch does changes what the
 * application sees.
 */
public final class LangChain4jAdvice {
  private LangChain4jAdvice() {}

  /** A chat model's {@code doChat(ChatRequest)} or an embedding model's embedding method. */
  public static final class Model {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.This Object model, @Advice.Argument(0) Object request) {
      return LangChain4jCalls.start(model, request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object response,
        @Advice.Thrown Throwable thrown) {
      LangChain4jCalls.end(call, response, thrown);
    }
  }

  public static final class StreamingChat {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.This Object model,
        @Advice.Argument(0) Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object handler) {
      ActiveLlmCall call = LangChain4jCalls.startStreamingChat(model, request);
      handler = LangChain4jCalls.traceHandler(call, handler);
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ActiveLlmCall call, @Advice.Thrown Throwable thrown) {
      LangChain4jCalls.endStreamingChatMethod(call, thrown);
    }
  }

  public static final class AiService {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static FrameworkSpan enter(@Advice.Argument(1) Method method) {
      return LangChain4jFrameworkCalls.startService(method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter FrameworkSpan span,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = LangChain4jFrameworkCalls.endService(span, result, thrown);
    }
  }

  public static final class Tool {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static FrameworkSpan enter(@Advice.Argument(0) Object request) {
      return LangChain4jFrameworkCalls.startTool(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter FrameworkSpan span,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jFrameworkCalls.end(span, result, thrown);
    }
  }

  /** Exit only: what was retrieved goes on the framework span the augmentation ran in. */
  public static final class Augment {
    /** The agent binds advice as an enter/exit pair; there is nothing to do on entry. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
      LangChain4jFrameworkCalls.augmented(result);
    }
  }
}
