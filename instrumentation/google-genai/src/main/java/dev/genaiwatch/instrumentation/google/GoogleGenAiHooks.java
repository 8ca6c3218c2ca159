package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.instrumentation.DeclaredField;

/**
 * What the hooks woven into the SDK call ({@link GoogleGenAiInstrumentationModule#methodHooks()}).
 * Deliberately thin: all logic (and all exception handling) lives in {@link GoogleGenAiCalls} and
 * {@link ObservedResponseStreams}, and nothing here throws, so nothing genai-watch does can change
 * what the application sees.
 */
public final class GoogleGenAiHooks {
  private static final DeclaredField API_CLIENT = new DeclaredField("apiClient");

  private GoogleGenAiHooks() {}

  /** {@code privateGenerateContent(model, contents, config)} is entered. */
  public static Object generate(Object models, Object[] arguments) {
    return GoogleGenAiCalls.startChat(
        arguments[0], arguments[1], arguments[2], API_CLIENT.readFrom(models), false);
  }

  /** It returns: the span ends with the response, or when the future completes. */
  public static Object generateExit(Object call, Object returned) {
    return GoogleGenAiCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void generateThrown(Object call, Throwable thrown) {
    GoogleGenAiCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /** {@code privateGenerateContentStream(model, contents, config)} is entered. */
  public static Object generateStream(Object models, Object[] arguments) {
    return GoogleGenAiCalls.startChat(
        arguments[0], arguments[1], arguments[2], API_CLIENT.readFrom(models), true);
  }

  /**
   * It returns: the stream is registered to be observed as the application reads it (the async
   * method's future is replaced by one that completes once it is).
   */
  public static Object generateStreamExit(Object call, Object returned) {
    return GoogleGenAiCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void generateStreamThrown(Object call, Throwable thrown) {
    GoogleGenAiCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /** {@code privateEmbedContent(model, contents, content, apiType, config)} is entered. */
  public static Object embed(Object models, Object[] arguments) {
    return GoogleGenAiCalls.startEmbeddings(arguments[0], API_CLIENT.readFrom(models));
  }

  public static Object embedExit(Object call, Object returned) {
    return GoogleGenAiCalls.end((ActiveLlmCall) call, returned, null);
  }

  public static void embedThrown(Object call, Throwable thrown) {
    GoogleGenAiCalls.end((ActiveLlmCall) call, null, thrown);
  }

  /** {@code ApiClient.buildRequest(...)} returns: the request gets genai-watch's traceparent. */
  public static Object builtRequest(Object request) {
    return GoogleGenAiCalls.withTraceparent(request);
  }

  /** {@code ResponseStream.iterator()} returns: an observed stream's iterator is observed. */
  public static Object iterator(Object stream, Object iterator) {
    return ObservedResponseStreams.iterator(stream, iterator);
  }

  /** {@code ResponseStream.close()} is entered: a stream not read to its end ends as closed. */
  public static void closed(Object stream) {
    ObservedResponseStreams.closed(stream);
  }
}
