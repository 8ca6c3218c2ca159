package dev.genaiwatch.bootstrap;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one class genai-watch puts on the bootstrap class path. Code woven into JDK classes (the JDK
 * HttpClient lives in the platform class loader, which cannot see the agent jar) may only use types
 * that class loader sees: it calls this class's static methods (the {@code MethodHook} of the
 * jdk-httpclient module), which call the hooks the agent points at the real implementation. JDK
 * functional types only, so this class needs nothing else. While a hook is null nothing happens;
 * whatever a hook throws is dropped here, so the application's request goes out unchanged.
 */
public final class WireBridge {
  /**
   * JDK HttpClient {@code send}/{@code sendAsync} entry: {@code {request, bodyHandler}} in; null
   * (not an LLM call) or {@code {request to send, body handler to use, exchange}} out.
   */
  public static volatile Function<Object[], Object[]> jdkHttpClientSend;

  /**
   * JDK HttpClient {@code send}/{@code sendAsync} exit: the exchange, and the result or the thrown
   * exception.
   */
  public static volatile BiConsumer<Object, Object> jdkHttpClientSent;

  private WireBridge() {}

  /** Entry of {@code send}/{@code sendAsync}: the call's state, or null when it is no LLM call. */
  public static Object[] send(Object request, Object bodyHandler) {
    Function<Object[], Object[]> hook = jdkHttpClientSend;
    if (hook == null) {
      return null;
    }
    try {
      Object[] replaced = hook.apply(new Object[] {request, bodyHandler});
      return replaced != null && replaced.length == 3 ? replaced : null;
    } catch (Throwable t) {
      return null;
    }
  }

  /** The value argument {@code index} (0: request, 1: body handler) is replaced with. */
  public static Object sendArgument(Object[] state, int index, Object original) {
    return state == null ? original : state[index];
  }

  /** Exit of {@code send}/{@code sendAsync}: the response, the future or the thrown exception. */
  public static void sendExit(Object[] state, Object outcome) {
    BiConsumer<Object, Object> hook = jdkHttpClientSent;
    if (state == null || hook == null) {
      return;
    }
    try {
      hook.accept(state[2], outcome);
    } catch (Throwable t) {
      // The hook reports its own failures; the application's outcome stands.
    }
  }
}
