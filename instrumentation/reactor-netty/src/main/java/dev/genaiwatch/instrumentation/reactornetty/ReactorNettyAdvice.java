package dev.genaiwatch.instrumentation.reactornetty;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code reactor.netty.http.client.HttpClient}; only calls {@link ReactorNettyHooks},
 * which never throws.
 */
public final class ReactorNettyAdvice {
  private ReactorNettyAdvice() {}

  /**
   * {@code HttpClient.create(...)}, {@code newConnection()}, {@code from(TcpClient)}: every client
   * starts at one of these factories, and every client derived from it (Reactor Netty's
   * configuration methods copy it) keeps the callbacks added here.
   */
  public static final class Factory {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object client) {
      client = ReactorNettyHooks.instrument(client);
    }
  }
}
