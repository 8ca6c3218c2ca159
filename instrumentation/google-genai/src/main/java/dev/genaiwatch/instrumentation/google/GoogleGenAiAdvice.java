package dev.genaiwatch.instrumentation.google;

import dev.genaiwatch.core.ActiveLlmCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into the SDK: thin on purpose, all logic and exception handling lives in {@link
 * GoogleGenAiCalls}; {@code suppress = Throwable.class} is the last line of defence.
 */
public final class GoogleGenAiAdvice {
  private GoogleGenAiAdvice() {}

  /**
   * {@code privateGenerateContent(model, contents, config)} and {@code
   * privateGenerateContentStream(...)}.
   */
  public static final class StartChat {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.Argument(0) Object model,
        @Advice.Argument(1) Object contents,
        @Advice.Argument(2) Object config,
        @Advice.FieldValue("apiClient") Object apiClient,
        @Advice.Origin("#m") String method) {
      return GoogleGenAiCalls.startChat(
          model, contents, config, apiClient, "privateGenerateContentStream".equals(method));
    }
  }

  /** {@code privateEmbedContent(model, contents, content, apiType, config)}. */
  public static final class StartEmbeddings {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ActiveLlmCall enter(
        @Advice.Argument(0) Object model, @Advice.FieldValue("apiClient") Object apiClient) {
      return GoogleGenAiCalls.startEmbeddings(model, apiClient);
    }
  }

  /**
   * Every models method: ends the span with the response, or when its future completes; a stream is
   * observed where the application reads it, and the async stream method's future is replaced by
   * one that completes the same way once the stream is registered (the SDK's public method is its
   * only reader, so the application never holds this future).
   */
  public static final class End {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter ActiveLlmCall call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = GoogleGenAiCalls.end(call, result, thrown);
    }
  }

  /** {@code ApiClient.buildRequest(...)}: genai-watch's call's request carries its traceparent. */
  public static final class AddTraceparent {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
      request = GoogleGenAiCalls.withTraceparent(request);
    }
  }

  /** {@code ResponseStream.iterator()}: the iterator of an observed stream is observed. */
  public static final class ObserveIterator {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.This Object stream,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object iterator) {
      iterator = ObservedResponseStreams.iterator(stream, iterator);
    }
  }

  /** {@code ResponseStream.close()}: a stream closed before its end ends its span as closed. */
  public static final class StreamClosed {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object stream) {
      ObservedResponseStreams.closed(stream);
    }
  }
}
