package dev.genaiwatch.core.content;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of an ended call that its span records only after redaction: its messages, response id
 * and finish reasons. Taken when the call ends, as copies of the call's lists, so the attributes
 * can be computed later on another thread while a library thread still adds to the call (a stream
 * closed by the caller while its reader delivers a last chunk).
 */
public record CallContent(
    List<GenAiMessage> inputMessages,
    List<String> systemInstructions,
    List<GenAiMessage> outputMessages,
    boolean truncatedAtSource,
    String responseId,
    List<String> finishReasons) {

  public static CallContent of(LlmCall call) {
    return new CallContent(
        copy(call.inputMessages),
        copy(call.systemInstructions),
        copy(call.outputMessages),
        call.contentTruncatedAtSource,
        call.responseId,
        copy(call.finishReasons));
  }

  /** Characters of message and instruction text: what holding this content keeps alive. */
  public long textLength() {
    return messagesLength(inputMessages)
        + messagesLength(outputMessages)
        + length(systemInstructions);
  }

  private static long messagesLength(List<GenAiMessage> messages) {
    long length = 0;
    if (messages != null) {
      for (GenAiMessage message : messages) {
        for (var part : message.parts()) {
          length += part.content() == null ? 0 : part.content().length();
        }
      }
    }
    return length;
  }

  private static long length(List<String> texts) {
    long length = 0;
    if (texts != null) {
      for (String text : texts) {
        length += text == null ? 0 : text.length();
      }
    }
    return length;
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? null : new ArrayList<>(list);
  }
}
