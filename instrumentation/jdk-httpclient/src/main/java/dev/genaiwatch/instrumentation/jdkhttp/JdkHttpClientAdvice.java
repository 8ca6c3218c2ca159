package dev.genaiwatch.instrumentation.jdkhttp;

import dev.genaiwatch.bootstrap.WireBridge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into {@code jdk.internal.net.http.HttpClientFacade}, a class of the platform class
 * loader: it may reference only JDK types and {@link WireBridge} (on the bootstrap class path), so
 * it only calls the bridge's hooks; {@link JdkHttpClientWire} does the work.
 */
public final class JdkHttpClientAdvice {
  private JdkHttpClientAdvice() {}

  /** {@code send(request, handler)}, {@code sendAsync(request, handler[, pushPromiseHandler])}. */
  public static final class Send {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
        @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler<?> handler) {
      Function<Object[], Object[]> hook = WireBridge.jdkHttpClientSend;
      if (hook == null) {
        return null;
      }
      Object[] replaced = hook.apply(new Object[] {request, handler});
      if (replaced == null) {
        return null;
      }
      request = (HttpRequest) replaced[0];
      handler = (HttpResponse.BodyHandler<?>) replaced[1];
      return replaced[2];
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter Object exchange,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      BiConsumer<Object, Object> hook = WireBridge.jdkHttpClientSent;
      if (exchange != null && hook != null) {
        hook.accept(exchange, thrown != null ? thrown : result);
      }
    }
  }
}
