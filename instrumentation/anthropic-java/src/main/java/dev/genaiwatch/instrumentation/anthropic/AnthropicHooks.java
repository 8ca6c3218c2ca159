package dev.genaiwatch.instrumentation.anthropic;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.instrumentation.DeclaredField;

/**
 * What the hooks woven into the SDK call ({@link
 * AnthropicJavaInstrumentationModule#methodHooks()}). Thin on purpose: all logic and exception
 * handling lives in {@link AnthropicJavaCalls}, and nothing here throws, so nothing genai-watch
 * does can change what the application sees. No hook names a type of the application's
 * OpenTelemetry API (the agent relocates its own, which would rewrite the name).
 */
public final class AnthropicHooks {
  private static final DeclaredField CLIENT_OPTIONS = new DeclaredField("clientOptions");

  private AnthropicHooks() {}

  /** {@code create(params, options)} is entered: starts the span, current while it runs. */
  public static Object create(Object service, Object params) {
    return AnthropicJavaCalls.start(params, CLIENT_OPTIONS.readFrom(service), false);
  }

  /**
   * {@code create} returns: ends the span with the {@code Message}, or when its future completes;
   * returns what the application gets.
   */
  public static Object createExit(Object call, Object returned) {
    return AnthropicJavaCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void createThrown(Object call, Throwable thrown) {
    AnthropicJavaCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /** {@code createStreaming(params, options)} is entered. */
  public static Object createStreaming(Object service, Object params) {
    return AnthropicJavaCalls.start(params, CLIENT_OPTIONS.readFrom(service), true);
  }

  /**
   * A {@code StreamResponse} or {@code AsyncStreamResponse} is replaced by one that ends the span
   * as the application reads it.
   */
  public static Object createStreamingExit(Object call, Object returned) {
    return AnthropicJavaCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void createStreamingThrown(Object call, Throwable thrown) {
    AnthropicJavaCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /**
   * The SDK's {@code tracer(ClientOptions)} returns: no tracer, so no SDK span, for genai-watch's
   * own call.
   */
  public static Object tracer(Object tracer) {
    try {
      return tracer != null && AnthropicJavaCalls.ownsCurrentCall() ? null : tracer;
    } catch (Throwable t) {
      return tracer;
    }
  }

  /** {@code PrepareRequest.prepare(...)} returns: the request gets genai-watch's traceparent. */
  public static Object prepared(Object request) {
    return AnthropicJavaCalls.withTraceparent(request);
  }
}
