package dev.genaiwatch.instrumentation.google;

import com.google.genai.types.GenerateContentResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallStream;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code generateContentStream} response, read chunk by chunk as the application reads it. Each
 * chunk is a {@code GenerateContentResponse} holding the next piece of each candidate: text pieces
 * and function calls are the content chunks that time TTFT and TPS; the last chunks carry the
 * finish reason, and every chunk the usage so far (the last one wins). Function calls are kept only
 * with content capture on; every end composes the output message once, before the span ends.
 */
final class ContentStream extends CallStream {
  private final boolean capture;
  private final List<MessagePart> toolCalls = new ArrayList<>(1);

  ContentStream(ActiveLlmCall call) {
    super(call, GoogleGenAiInstrumentationModule.NAME, GoogleGenAiExtractor::errorType);
    this.capture = GoogleGenAiExtractor.captureEnabled();
  }

  @Override
  protected void record(Object chunk) {
    call.onChunk(read(chunk));
  }

  /** Whether the chunk carries generated content. */
  private boolean read(Object chunk) {
    if (!(chunk instanceof GenerateContentResponse)
        || !(GoogleGenAiExtractor.json(chunk) instanceof Map<?, ?> json)) {
      return false;
    }
    // The reader records id, model and usage; text and finish reason go to the streamed output.
    GenAiMessage first = GoogleGenAiExtractor.ResponseReader.chunk(call).read(json);
    if (first == null) {
      return false;
    }
    boolean content = false;
    for (MessagePart part : first.parts()) {
      if ("text".equals(part.type())) {
        call.streamedOutput().append(0, part.content());
        content |= !part.content().isEmpty();
      } else if ("tool_call".equals(part.type())) {
        if (capture) {
          toolCalls.add(part);
        }
        content = true;
      }
    }
    if (first.finishReason() != null) {
      call.streamedOutput().finish(0, first.finishReason());
    }
    return content;
  }

  /** The output message: the streamed text, then the function calls, with the finish reason. */
  @Override
  protected synchronized void compose() {
    if (call.isEnded() || !capture || toolCalls.isEmpty()) {
      return; // Text only: the core's streamed output makes the message.
    }
    composeTextThen(toolCalls);
  }
}
