package dev.genaiwatch.instrumentation.openai;

import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.OpenAiChatMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's chat messages read through its typed accessors, for the shapes nearly every call has:
 * string content, assistant function tool calls, tool results. Any other shape (content-part
 * arrays, legacy function messages, extra properties, a field the SDK cannot type, an accessor this
 * SDK version lacks) returns null, and the caller converts the wire JSON instead ({@link
 * OpenAiChatMessages}), which reads every shape. The typed path exists because that conversion
 * (serialise with the SDK's Jackson mapper, parse back) was about a third of the agent's work on
 * the application's thread. What it returns must equal what the JSON conversion gives for the same
 * messages: {@code OpenAiSdkMessagesTest} compares the two on every shape.
 */
final class OpenAiSdkMessages {
  private OpenAiSdkMessages() {}

  /**
   * {@code messages} as input messages and system instructions ({@link
   * OpenAiChatMessages#intoCall}'s result), or null when one of them needs the JSON conversion.
   */
  static Conversation conversation(List<ChatCompletionMessageParam> messages) {
    try {
      List<GenAiMessage> input = new ArrayList<>(messages.size());
      List<String> system = new ArrayList<>(1);
      for (ChatCompletionMessageParam message : messages) {
        if (message.isSystem()) {
          var m = message.asSystem();
          if (!plain(m._role(), "system", m._additionalProperties()) || !m.content().isText()) {
            return null;
          }
          system.add(m.content().asText());
        } else if (message.isDeveloper()) {
          var m = message.asDeveloper();
          if (!plain(m._role(), "developer", m._additionalProperties()) || !m.content().isText()) {
            return null;
          }
          system.add(m.content().asText());
        } else if (message.isUser()) {
          var m = message.asUser();
          if (!plain(m._role(), "user", m._additionalProperties()) || !m.content().isText()) {
            return null;
          }
          input.add(GenAiMessage.text("user", m.content().asText()));
        } else if (message.isAssistant()) {
          GenAiMessage m = assistant(message.asAssistant());
          if (m == null) {
            return null;
          }
          input.add(m);
        } else if (message.isTool()) {
          ChatCompletionToolMessageParam m = message.asTool();
          if (!plain(m._role(), "tool", m._additionalProperties()) || !m.content().isText()) {
            return null;
          }
          MessagePart response = MessagePart.toolCallResponse(m.toolCallId(), m.content().asText());
          input.add(new GenAiMessage("tool", List.of(response), null));
        } else {
          return null;
        }
      }
      return new Conversation(input, system);
    } catch (RuntimeException | LinkageError e) {
      // An absent or mistyped field, or an accessor this SDK version does not have.
      return null;
    }
  }

  /**
   * A response choice's message ({@link OpenAiChatMessages#outputMessage}'s result), or null when
   * it needs the JSON conversion.
   */
  static GenAiMessage outputMessage(ChatCompletionMessage message, String finishReason) {
    try {
      // A parsed response keeps keys the SDK does not know (vLLM's reasoning_content) apart; they
      // cannot stand in for the fields read here, so unlike a request's they do not matter.
      if (!"assistant".equals(message._role().asString().orElse(null))) {
        return null;
      }
      List<MessagePart> parts = new ArrayList<>(1);
      message.content().ifPresent(text -> parts.add(MessagePart.text(text)));
      if (!toolCalls(message._toolCalls(), parts)) {
        return null;
      }
      if (parts.isEmpty()) {
        message.refusal().ifPresent(refusal -> parts.add(MessagePart.text(refusal)));
      }
      return new GenAiMessage("assistant", parts, finishReason);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** What {@link OpenAiChatMessages#intoCall} puts into a call. */
  record Conversation(List<GenAiMessage> input, List<String> systemInstructions) {
    void intoCall(LlmCall call) {
      call.inputMessages = input;
      call.systemInstructions = systemInstructions;
    }
  }

  private static GenAiMessage assistant(ChatCompletionAssistantMessageParam m) {
    if (!plain(m._role(), "assistant", m._additionalProperties())) {
      return null;
    }
    List<MessagePart> parts = new ArrayList<>(1);
    Optional<ChatCompletionAssistantMessageParam.Content> content = m.content();
    if (content.isPresent()) {
      if (!content.get().isText()) {
        return null;
      }
      parts.add(MessagePart.text(content.get().asText()));
    }
    return toolCalls(m._toolCalls(), parts) ? new GenAiMessage("assistant", parts, null) : null;
  }

  /**
   * Adds the function tool calls to {@code parts}; false when one is neither a function nor a
   * custom tool call (which the wire conversion skips too) or has properties beyond the SDK's.
   */
  private static boolean toolCalls(
      JsonField<List<ChatCompletionMessageToolCall>> field, List<MessagePart> parts) {
    if (field.isMissing() || field.isNull()) {
      return true;
    }
    Optional<List<ChatCompletionMessageToolCall>> calls = field.asKnown();
    if (calls.isEmpty()) {
      return false;
    }
    for (ChatCompletionMessageToolCall call : calls.get()) {
      if (call.isFunction()) {
        ChatCompletionMessageFunctionToolCall f = call.asFunction();
        if (!f._additionalProperties().isEmpty()) {
          return false;
        }
        parts.add(MessagePart.toolCall(f.id(), f.function().name(), f.function().arguments()));
      } else if (!call.isCustom()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The request message's role is the one its class stands for, and it carries no properties beyond
   * the SDK's fields: the application may have put one named like a field, which would then be in
   * the wire JSON too.
   */
  private static boolean plain(
      JsonValue role, String expected, Map<String, JsonValue> additionalProperties) {
    return additionalProperties.isEmpty() && expected.equals(role.asString().orElse(null));
  }
}
