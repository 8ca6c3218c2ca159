package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.FrameworkSpan;
import io.opentelemetry.context.Scope;

/**
 * What the hooks woven into Spring AI call ({@link SpringAiInstrumentationModule#methodHooks()}).
 * Deliberately thin: all logic (and all exception handling) lives in {@link SpringAiCalls} and
 * {@link SpringAiFrameworkCalls}, and nothing here throws, so nothing genai-watch does can change
 * what the application sees.
 */
public final class SpringAiHooks {
  private SpringAiHooks() {}

  /** What a model method's entry hands its exit: the model, its call's span, its arguments. */
  private record Entered(Object model, ActiveLlmCall call, Object[] arguments) {}

  /**
   * {@code ChatModel.call(Prompt)}, 1.1's {@code internalCall(Prompt, ChatResponse
   * previousChatResponse)} (one round of a tool loop) or {@code EmbeddingModel.call(
   * EmbeddingRequest)} is entered: {@link SpringAiCalls} tells them apart by their arguments.
   */
  public static Object modelCall(Object model, Object[] arguments) {
    ActiveLlmCall call = SpringAiCalls.startModelCall(model, arguments);
    return call == null ? null : new Entered(model, call, arguments);
  }

  public static Object modelCallExit(Object entered, Object returned) {
    if (entered instanceof Entered e) {
      SpringAiCalls.endModelCall(e.call(), e.arguments(), returned, null);
    }
    return returned;
  }

  public static void modelCallThrown(Object entered, Throwable thrown) {
    if (entered instanceof Entered e) {
      SpringAiCalls.endModelCall(e.call(), e.arguments(), null, thrown);
    }
  }

  /**
   * {@code ChatModel.stream(Prompt)} or 1.1's {@code internalStream(Prompt, ChatResponse)} is
   * entered: nothing starts yet (the span starts when the returned {@code Flux} is subscribed).
   */
  public static Object stream(Object model, Object[] arguments) {
    return new Entered(model, null, arguments);
  }

  /** The returned {@code Flux} is handed back behind a tracing wrapper. */
  public static Object streamExit(Object entered, Object returned) {
    return entered instanceof Entered e
        ? SpringAiCalls.traceStreamRound(e.model(), e.arguments(), returned, null)
        : returned;
  }

  public static void streamThrown(Object entered, Throwable thrown) {
    if (entered instanceof Entered e) {
      SpringAiCalls.traceStreamRound(e.model(), e.arguments(), null, thrown);
    }
  }

  /** {@code ToolCallingManager.executeToolCalls(Prompt, ChatResponse)} is entered. */
  public static Object toolRound(Object manager, Object[] arguments) {
    return arguments.length > 1 ? SpringAiFrameworkCalls.startToolRound(arguments[1]) : null;
  }

  public static Object toolRoundExit(Object scope, Object returned) {
    endToolRound(scope);
    return returned;
  }

  public static void toolRoundThrown(Object scope, Throwable thrown) {
    endToolRound(scope);
  }

  private static void endToolRound(Object scope) {
    try {
      SpringAiFrameworkCalls.endToolRound((Scope) scope);
    } catch (Throwable t) {
      SpringAiCalls.report(t);
    }
  }

  /** {@code ToolCallback.call(String)} or {@code call(String, ToolContext)} is entered. */
  public static Object tool(Object callback, Object input) {
    return SpringAiFrameworkCalls.startTool(callback, input);
  }

  public static Object toolExit(Object span, Object returned) {
    SpringAiFrameworkCalls.endTool((FrameworkSpan) span, returned, null);
    return returned;
  }

  public static void toolThrown(Object span, Throwable thrown) {
    SpringAiFrameworkCalls.endTool((FrameworkSpan) span, null, thrown);
  }

  /** A terminal method of {@code ChatClient}'s {@code CallResponseSpec} is entered. */
  public static Object clientCall(Object spec, Object ignored) {
    return SpringAiFrameworkCalls.startClient(spec, false);
  }

  public static Object clientCallExit(Object span, Object returned) {
    SpringAiFrameworkCalls.endClientCall((FrameworkSpan) span, null);
    return returned;
  }

  public static void clientCallThrown(Object span, Throwable thrown) {
    SpringAiFrameworkCalls.endClientCall((FrameworkSpan) span, thrown);
  }

  /** A terminal method of {@code StreamResponseSpec} is entered: the span ends with the Flux. */
  public static Object clientStream(Object spec, Object ignored) {
    return SpringAiFrameworkCalls.startClient(spec, true);
  }

  public static Object clientStreamExit(Object span, Object returned) {
    return SpringAiFrameworkCalls.endClientStream((FrameworkSpan) span, returned, null);
  }

  public static void clientStreamThrown(Object span, Throwable thrown) {
    SpringAiFrameworkCalls.endClientStream((FrameworkSpan) span, null, thrown);
  }

  /** A RAG advisor's {@code before} returned the request carrying what it retrieved. */
  public static void advised(Object request) {
    SpringAiFrameworkCalls.advised(request);
  }
}
