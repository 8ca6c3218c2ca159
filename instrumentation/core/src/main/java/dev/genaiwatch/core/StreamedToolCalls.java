package dev.genaiwatch.core;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;

/**
 * The output message of a stream that called tools. The streamed text alone becomes the output
 * through {@link StreamedOutput}; a stream whose answer also carries tool calls (which arrive as
 * their own events, not as text) needs the two put together once, just before its span ends.
 */
public final class StreamedToolCalls {
  private StreamedToolCalls() {}

  /**
   * One assistant message: the non-empty text parts streamed so far, then {@code toolCalls}, with
   * the last finish reason the stream gave.
   */
  public static List<GenAiMessage> output(StreamedOutput streamed, List<MessagePart> toolCalls) {
    List<MessagePart> parts = new ArrayList<>();
    String reason = null;
    for (GenAiMessage message : streamed.messages()) {
      reason = message.finishReason();
      for (MessagePart p : message.parts()) {
        if (p.content() != null && !p.content().isEmpty()) {
          parts.add(p);
        }
      }
    }
    parts.addAll(toolCalls);
    return List.of(new GenAiMessage("assistant", parts, reason));
  }
}
