package dev.genaiwatch.instrumentation.google;

import com.google.genai.types.GenerateContentResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.ObservedStream;
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
final class ContentStream implements ObservedStream.Observer<Object> {
  private final ActiveLlmCall call;
  private final boolean capture;
  private final List<MessagePart> toolCalls = new ArrayList<>(1);

  ContentStream(ActiveLlmCall call) {
    this.call = call;
    this.capture = GoogleGenAiExtractor.captureEnabled();
  }

  @Override
  public void onEvent(Object chunk) {
    if (call.isEnded()) {
      return;
    }
    try {
      call.onChunk(read(chunk));
    } catch (Throwable t) {
      GoogleGenAiCalls.report(t);
    }
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

  @Override
  public void end() {
    compose();
    call.end();
  }

  void endClosedEarly() {
    compose();
    call.endClosedEarly();
  }

  @Override
  public void endWithError(Throwable error) {
    compose();
    try {
      call.endWithError(error, GoogleGenAiExtractor.errorType(error));
    } catch (Throwable t) {
      GoogleGenAiCalls.failed(call, t);
    }
  }

  /** The output message: the streamed text, then the function calls, with the finish reason. */
  private synchronized void compose() {
    try {
      if (call.isEnded() || !capture || toolCalls.isEmpty()) {
        return; // Text only: the core's streamed output makes the message.
      }
      List<MessagePart> parts = new ArrayList<>();
      String reason = null;
      for (GenAiMessage streamed : call.streamedOutput().messages()) {
        reason = streamed.finishReason();
        for (MessagePart p : streamed.parts()) {
          if (p.content() != null && !p.content().isEmpty()) {
            parts.add(p);
          }
        }
      }
      parts.addAll(toolCalls);
      call.call().outputMessages = List.of(new GenAiMessage("assistant", parts, reason));
    } catch (Throwable t) {
      GoogleGenAiCalls.report(t);
    }
  }
}
