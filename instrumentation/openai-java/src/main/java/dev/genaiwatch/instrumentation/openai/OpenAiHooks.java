package dev.genaiwatch.instrumentation.openai;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiWatchLog;
import java.lang.reflect.Field;

/**
 * What the hooks woven into the SDK call ({@link OpenAiJavaInstrumentationModule#methodHooks()}):
 * the same for every service method and return shape. Deliberately thin: all logic (and all
 * exception handling) lives in {@link OpenAiJavaCalls}, and nothing here throws, so nothing
 * genai-watch does can change what the application sees.
 */
public final class OpenAiHooks {
  /**
   * Each service class's {@code clientOptions} field (the base URL the server address comes from),
   * made accessible once; null where it cannot be read (the call is still traced, without a server
   * address).
   */
  private static final ClassValue<Field> CLIENT_OPTIONS =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> service) {
          try {
            Field field = service.getDeclaredField("clientOptions");
            field.setAccessible(true);
            return field;
          } catch (Throwable t) {
            GenAiWatchLog.debug("no clientOptions readable on " + service.getName(), t);
            return null;
          }
        }
      };

  private OpenAiHooks() {}

  /** {@code create(params, options)} is entered: starts the span, current while it runs. */
  public static Object create(Object service, Object params) {
    return OpenAiJavaCalls.start(params, clientOptions(service), false);
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
    return OpenAiJavaCalls.start(params, clientOptions(service), true);
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

  private static Object clientOptions(Object service) {
    try {
      Field field = CLIENT_OPTIONS.get(service.getClass());
      return field == null ? null : field.get(service);
    } catch (Throwable t) {
      return null;
    }
  }
}
