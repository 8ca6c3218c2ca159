package dev.genaiwatch.instrumentation.okhttp;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code okhttp3.OkHttpClient}; only calls {@link OkHttpHooks}, which never throws.
 */
public final class OkHttpAdvice {
  private OkHttpAdvice() {}

  /**
   * {@code OkHttpClient(Builder)}: runs before the constructor copies the builder's interceptors.
   */
  public static final class ClientConstructor {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object builder) {
      OkHttpHooks.addInterceptor(builder);
    }
  }

  /**
   * {@code newCall(request)}: remembers the caller's context for a call that may run on another
   * thread.
   */
  public static final class NewCall {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object call) {
      OkHttpHooks.rememberContext(call);
    }
  }
}
