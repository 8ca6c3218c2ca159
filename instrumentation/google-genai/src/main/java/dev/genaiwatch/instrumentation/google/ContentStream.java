package dev.genaiwatch.instrumentation.google;

import com.google.genai.types.GenerateContentResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallStream;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.gemini.GeminiApi;
import java.util.Map;

/**
 * One {@code generateContentStream} response, read chunk by chunk as the application reads it. Each
 * chunk is a {@code GenerateContentResponse} holding the next piece of each candidate, read as the
 * wire level reads a streamed chunk ({@link GeminiApi.Events}): text pieces and function calls are
 * the content chunks that time TTFT and TPS; the last chunks carry the finish reason, and every
 * chunk the usage so far (the last one wins). Function calls are kept only with content capture on;
 * every end composes the output message once, before the span ends.
 */
final class ContentStream extends CallStream {
  private final GeminiApi.Events events;

  ContentStream(ActiveLlmCall call) {
    super(call, GoogleGenAiInstrumentationModule.NAME, GoogleGenAiExtractor::errorType);
    this.events =
        new GeminiApi.Events(call, GoogleGenAiExtractor.captureEnabled(), GeminiContents.JSON);
  }

  @Override
  protected void record(Object chunk) {
    if (chunk instanceof GenerateContentResponse
        && GoogleGenAiExtractor.json(chunk) instanceof Map<?, ?> json) {
      events.event(json);
    } else {
      call.onChunk(false);
    }
  }

  /** The output message: the streamed text, then the function calls, with the finish reason. */
  @Override
  protected synchronized void compose() {
    try {
      if (!call.isEnded()) {
        events.compose();
      }
    } catch (Throwable t) {
      LibraryCalls.report(GoogleGenAiInstrumentationModule.NAME, t);
    }
  }
}
