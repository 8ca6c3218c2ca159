package dev.genaiwatch.bootstrap;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one class genai-watch puts on the bootstrap class path. Advice inlined into JDK classes (the
 * JDK HttpClient lives in the platform class loader, which cannot see the agent jar) may only use
 * types that class loader sees; it calls these hooks, which the agent points at the real
 * implementation. JDK functional types only, so this class needs nothing else. While a hook is null
 * the advice does nothing.
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
}
