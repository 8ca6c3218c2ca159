package dev.genaiwatch.core.testing;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.List;

/**
 * The one tool round every framework's extractor test sends (the user asks for the weather in
 * Paris, the assistant calls {@code weather} as {@code call_1}, the tool answers "sunny"), as the
 * span's input messages must read whatever the framework's own message types were.
 */
public final class ToolRoundMessages {
  private ToolRoundMessages() {}

  public static GenAiMessage[] weatherInParis() {
    return new GenAiMessage[] {
      GenAiMessage.text("user", "Weather in Paris?"),
      new GenAiMessage(
          "assistant",
          List.of(MessagePart.toolCall("call_1", "weather", "{\"city\":\"Paris\"}")),
          null),
      new GenAiMessage("tool", List.of(MessagePart.toolCallResponse("call_1", "sunny")), null)
    };
  }
}
