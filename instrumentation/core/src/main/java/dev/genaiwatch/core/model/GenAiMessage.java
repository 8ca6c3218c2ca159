package dev.genaiwatch.core.model;

import java.util.List;

/**
 * One chat message in the shape of the GenAI conventions' message schemas: a role and parts.
 * Extractors build these from library objects; {@code MessagesJson} turns them into the span
 * attribute.
 */
public record GenAiMessage(String role, List<MessagePart> parts, String finishReason) {

  public GenAiMessage {
    parts = List.copyOf(parts);
  }

  public static GenAiMessage text(String role, String text) {
    return new GenAiMessage(role, List.of(MessagePart.text(text)), null);
  }
}
