package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.FrameworkSpan;
import java.lang.reflect.Method;

/**
 * What the hooks woven into LangChain4j call ({@link
 * LangChain4jInstrumentationModule#methodHooks()}). Deliberately thin: all logic (and all exception
 * handling) lives in {@link LangChain4jCalls} and {@link LangChain4jFrameworkCalls}, and nothing
 * here throws, so nothing genai-watch does can change what the application sees.
 */
public final class LangChain4jHooks {
  private LangChain4jHooks() {}

  /** A chat model's {@code doChat(ChatRequest)} or an embedding model's method is entered. */
  public static Object model(Object model, Object request) {
    return LangChain4jCalls.start(model, request);
  }

  /** It returns: the span ends with the response, which the application gets unchanged. */
  public static Object modelExit(Object call, Object returned) {
    LangChain4jCalls.end((ActiveLlmCall) call, returned, null);
    return returned;
  }

  public static void modelThrown(Object call, Throwable thrown) {
    LangChain4jCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /**
   * A streaming model's {@code doChat(ChatRequest, StreamingChatResponseHandler)} is entered: the
   * span starts; null when there is none (nothing is replaced then).
   */
  public static Object[] streamingChat(Object model, Object request, Object handler) {
    ActiveLlmCall call = LangChain4jCalls.startStreamingChat(model, request);
    return call == null ? null : new Object[] {call};
  }

  /** The handler (argument 1) is replaced by one that ends the span when the stream ends. */
  public static Object streamingChatArgument(Object[] state, int index, Object original) {
    return state != null && index == 1
        ? LangChain4jCalls.traceHandler((ActiveLlmCall) state[0], original)
        : original;
  }

  /**
   * {@code doChat} returned (outcome null: it returns nothing) or threw: the span goes on until the
   * handler hears the end, unless it threw.
   */
  public static void streamingChatExit(Object[] state, Object outcome) {
    if (state != null) {
      LangChain4jCalls.endStreamingChatMethod(
          (ActiveLlmCall) state[0], outcome instanceof Throwable t ? t : null);
    }
  }

  /** An AI service proxy's {@code invoke(proxy, method, arguments)} is entered. */
  public static Object aiService(Object handler, Object[] arguments) {
    return arguments.length > 1 && arguments[1] instanceof Method method
        ? LangChain4jFrameworkCalls.startService(method)
        : null;
  }

  /** It returns: what the application gets (a {@code TokenStream} behind a tracing proxy). */
  public static Object aiServiceExit(Object span, Object returned) {
    return LangChain4jFrameworkCalls.endService((FrameworkSpan) span, returned, null);
  }

  public static void aiServiceThrown(Object span, Throwable thrown) {
    LangChain4jFrameworkCalls.endService((FrameworkSpan) span, null, thrown);
  }

  /**
   * A tool executor's {@code execute(request, memoryId)} or {@code executeWithContext} is entered.
   */
  public static Object tool(Object executor, Object request) {
    return LangChain4jFrameworkCalls.startTool(request);
  }

  public static Object toolExit(Object span, Object returned) {
    LangChain4jFrameworkCalls.end((FrameworkSpan) span, returned, null);
    return returned;
  }

  public static void toolThrown(Object span, Throwable thrown) {
    LangChain4jFrameworkCalls.end((FrameworkSpan) span, null, thrown);
  }

  /** A retrieval augmentor's {@code augment} returned what it retrieved. */
  public static void augmented(Object result) {
    LangChain4jFrameworkCalls.augmented(result);
  }
}
