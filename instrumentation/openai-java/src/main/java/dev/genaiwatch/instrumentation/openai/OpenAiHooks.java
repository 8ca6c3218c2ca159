package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.instrumentation.DeclaredField;

/**
 * What the hooks woven into the SDK call ({@link OpenAiJavaInstrumentationModule#methodHooks()}):
 * the same for every service method and return shape. Deliberately thin: all logic (and all
 * exception handling) lives in {@link OpenAiJavaCalls}, and nothing here throws, so nothing
 * genai-watch does can change what the application sees.
 */
public final class OpenAiHooks {
  private static final DeclaredField CLIENT_OPTIONS = new DeclaredField("clientOptions");

  private OpenAiHooks() {}

  /** {@code create(params, options)} is entered: starts the span, current while it runs. */
  public static Object create(Object service, Object params) {
    return OpenAiJavaCalls.start(params, CLIENT_OPTIONS.readFrom(service), false);
  }

  /**
   * {@code create} returns: ends the span with the response, or when the future completes; returns
   * what the application gets.
   */
  public static Object createExit(Object call, Object returned) {
    return OpenAiJavaCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void createThrown(Object call, Throwable thrown) {
    OpenAiJavaCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /** {@code createStreaming(params, options)} is entered. */
  public static Object createStreaming(Object service, Object params) {
    return OpenAiJavaCalls.start(params, CLIENT_OPTIONS.readFrom(service), true);
  }

  /** The stream is replaced by one that ends the span as the application reads it. */
  public static Object createStreamingExit(Object call, Object returned) {
    return OpenAiJavaCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void createStreamingThrown(Object call, Throwable thrown) {
    OpenAiJavaCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /** {@code PrepareRequest.prepare(...)} returns: the request gets genai-watch's traceparent. */
  public static Object prepared(Object request) {
    return OpenAiJavaCalls.withTraceparent(request);
  }
}
