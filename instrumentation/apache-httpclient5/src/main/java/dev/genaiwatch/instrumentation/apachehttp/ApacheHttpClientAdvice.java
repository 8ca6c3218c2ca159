package dev.genaiwatch.instrumentation.apachehttp;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into HttpClient 5's client builders; only calls {@link ApacheHttpClientHooks}, which
 * never throws.
 */
public final class ApacheHttpClientAdvice {
  private ApacheHttpClientAdvice() {}

  /** {@code HttpClientBuilder.build()}: before the builder assembles its execution chain. */
  public static final class ClassicBuild {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object builder) {
      ApacheHttpClientHooks.addClassicHandler(builder);
    }
  }

  /** {@code HttpAsyncClientBuilder.build()}: before the builder assembles its execution chain. */
  public static final class AsyncBuild {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object builder) {
      ApacheHttpClientHooks.addAsyncHandler(builder);
    }
  }
}
