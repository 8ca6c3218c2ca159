package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiChatMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The typed reading of the SDK's messages gives exactly what the wire JSON conversion gives for the
 * shapes it takes, and declines (null) every other shape, which the JSON conversion then reads.
 */
class OpenAiSdkMessagesTest {

  private static ChatCompletionMessageParam message(String json) {
    return SdkJson.parse(json, ChatCompletionMessageParam.class);
  }

  private static List<ChatCompletionMessageParam> messages(String... json) {
    List<ChatCompletionMessageParam> out = new ArrayList<>();
    for (String m : json) {
      out.add(message(m));
    }
    return out;
  }

  /** The typed result, checked against the JSON conversion of the same messages. */
  private static OpenAiSdkMessages.Conversation typedEqualToWire(
      List<ChatCompletionMessageParam> messages) throws Throwable {
    OpenAiSdkMessages.Conversation typed = OpenAiSdkMessages.conversation(messages);
    LlmCall wire = new LlmCall();
    OpenAiChatMessages.intoCall(JsonValueReader.read(OpenAiSdkJson.write(messages)), wire);

    assertThat(typed).as("read typed").isNotNull();
    assertThat(typed.input()).isEqualTo(wire.inputMessages);
    assertThat(typed.systemInstructions()).isEqualTo(wire.systemInstructions);
    return typed;
  }

  @Nested
  class Requests {
    @Test
    void plainChatIsReadTypedAndEqualsTheWireConversion() throws Throwable {
      OpenAiSdkMessages.Conversation typed =
          typedEqualToWire(
              messages(
                  "{\"role\":\"system\",\"content\":\"Be terse.\"}",
                  "{\"role\":\"developer\",\"content\":\"Answer in English.\"}",
                  "{\"role\":\"user\",\"content\":\"Capital of France?\",\"name\":\"ann\"}",
                  "{\"role\":\"assistant\",\"content\":\"Paris.\"}",
                  "{\"role\":\"user\",\"content\":\"\"}"));

      assertThat(typed.systemInstructions()).containsExactly("Be terse.", "Answer in English.");
      assertThat(typed.input())
          .containsExactly(
              GenAiMessage.text("user", "Capital of France?"),
              GenAiMessage.text("assistant", "Paris."),
              GenAiMessage.text("user", ""));
    }

    @Test
    void builderMadeMessagesAreReadTyped() throws Throwable {
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder()
              .model("m")
              .addSystemMessage("Be terse.")
              .addUserMessage("hi")
              .addAssistantMessage("hello")
              .build();

      typedEqualToWire(params.messages());
    }

    @Test
    void toolCallRoundTripIsReadTypedAndEqualsTheWireConversion() throws Throwable {
      OpenAiSdkMessages.Conversation typed =
          typedEqualToWire(
              messages(
                  "{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"}",
                  """
                  {"role":"assistant","content":null,"tool_calls":[
                   {"id":"c1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                   {"id":"c2","type":"function","function":{"name":"weather","arguments":"{}"}}]}""",
                  "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"18C\"}",
                  """
                  {"role":"assistant","content":"Checking Rome.","tool_calls":[
                   {"id":"c3","type":"function","function":{"name":"weather","arguments":"{}"}}]}"""));

      assertThat(typed.input().get(1).parts())
          .containsExactly(
              MessagePart.toolCall("c1", "weather", "{\"city\":\"Paris\"}"),
              MessagePart.toolCall("c2", "weather", "{}"));
      assertThat(typed.input().get(2).parts())
          .containsExactly(MessagePart.toolCallResponse("c1", "18C"));
      assertThat(typed.input().get(3).parts())
          .containsExactly(
              MessagePart.text("Checking Rome."), MessagePart.toolCall("c3", "weather", "{}"));
    }

    @Test
    void customToolCallsAreSkippedAsTheWireConversionSkipsThem() throws Throwable {
      OpenAiSdkMessages.Conversation typed =
          typedEqualToWire(
              messages(
                  """
                  {"role":"assistant","content":"Searching.","tool_calls":[
                   {"id":"c1","type":"custom","custom":{"name":"grep","input":"TODO"}}]}"""));

      assertThat(typed.input().get(0).parts()).containsExactly(MessagePart.text("Searching."));
    }

    @Test
    void emptyConversationIsEmpty() throws Throwable {
      OpenAiSdkMessages.Conversation typed = typedEqualToWire(List.of());

      assertThat(typed.input()).isEmpty();
      assertThat(typed.systemInstructions()).isEmpty();
    }

    @Test
    void contentPartArraysAreLeftToTheWireConversion() {
      String parts = "[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]";
      for (String role : List.of("system", "developer", "user", "assistant")) {
        assertThat(
                OpenAiSdkMessages.conversation(
                    messages("{\"role\":\"" + role + "\",\"content\":" + parts + "}")))
            .as(role)
            .isNull();
      }
      assertThat(
              OpenAiSdkMessages.conversation(
                  messages(
                      "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":" + parts + "}")))
          .isNull();
    }

    @Test
    void legacyFunctionMessageIsLeftToTheWireConversion() {
      assertThat(
              OpenAiSdkMessages.conversation(
                  messages("{\"role\":\"function\",\"name\":\"f\",\"content\":\"42\"}")))
          .isNull();
    }

    @Test
    void propertiesTheApplicationAddedAreLeftToTheWireConversion() {
      ChatCompletionMessageParam withExtra =
          ChatCompletionMessageParam.ofUser(
              ChatCompletionUserMessageParam.builder()
                  .content("hi")
                  .putAdditionalProperty("content", JsonValue.from("overridden"))
                  .build());

      assertThat(OpenAiSdkMessages.conversation(List.of(withExtra))).isNull();
    }

    @Test
    void messageMissingARequiredFieldIsLeftToTheWireConversion() {
      assertThat(
              OpenAiSdkMessages.conversation(messages("{\"role\":\"tool\",\"content\":\"18C\"}")))
          .isNull();
    }

    @Test
    void oneUntypedMessageSendsTheWholeConversationToTheWireConversion() {
      assertThat(
              OpenAiSdkMessages.conversation(
                  messages(
                      "{\"role\":\"user\",\"content\":\"hi\"}",
                      "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}")))
          .isNull();
    }

    @Test
    void extractorStillCapturesContentPartArraysThroughTheWireConversion() throws Throwable {
      LlmCall call =
          OpenAiJavaExtractor.request(
              ChatCompletionCreateParams.builder()
                  .model("m")
                  .addMessage(
                      message(
                          """
                          {"role":"user","content":[{"type":"text","text":"Describe"},
                           {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
                           {"type":"text","text":"briefly"}]}"""))
                  .build(),
              null,
              false,
              true);

      assertThat(call.inputMessages)
          .containsExactly(GenAiMessage.text("user", "Describe\nbriefly"));
    }
  }

  @Nested
  class Responses {
    private static ChatCompletionMessage responseMessage(String messageJson) {
      return SdkJson.parse(
              """
              {"id":"c","object":"chat.completion","created":1,"model":"m",
               "choices":[{"index":0,"message":%s,"logprobs":null,"finish_reason":"stop"}]}"""
                  .formatted(messageJson),
              ChatCompletion.class)
          .choices()
          .get(0)
          .message();
    }

    private static GenAiMessage typedEqualToWire(ChatCompletionMessage message) throws Throwable {
      GenAiMessage typed = OpenAiSdkMessages.outputMessage(message, "stop");

      assertThat(typed).as("read typed").isNotNull();
      assertThat(typed)
          .isEqualTo(
              OpenAiChatMessages.outputMessage(
                  JsonValueReader.read(OpenAiSdkJson.write(message)), "stop"));
      return typed;
    }

    @Test
    void textAnswerIsReadTypedAndEqualsTheWireConversion() throws Throwable {
      assertThat(
              typedEqualToWire(responseMessage("{\"role\":\"assistant\",\"content\":\"Paris.\"}")))
          .isEqualTo(new GenAiMessage("assistant", List.of(MessagePart.text("Paris.")), "stop"));
    }

    @Test
    void keysTheSdkDoesNotKnowDoNotStopTheTypedReading() throws Throwable {
      typedEqualToWire(
          responseMessage(
              """
              {"role":"assistant","content":"Paris.","reasoning_content":null,"tool_calls":[]}"""));
    }

    @Test
    void refusalIsTheTextWhenThereIsNoContent() throws Throwable {
      assertThat(
              typedEqualToWire(
                      responseMessage(
                          "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't.\"}"))
                  .parts())
          .containsExactly(MessagePart.text("I can't."));
    }

    @Test
    void toolCallsAreReadTypedAndEqualTheWireConversion() throws Throwable {
      assertThat(
              typedEqualToWire(
                      responseMessage(
                          """
                          {"role":"assistant","content":null,"tool_calls":[
                           {"id":"c1","type":"function","function":{"name":"weather","arguments":"{}"}}]}"""))
                  .parts())
          .containsExactly(MessagePart.toolCall("c1", "weather", "{}"));
    }

    @Test
    void contentTheSdkCannotTypeIsLeftToTheWireConversion() {
      assertThat(
              OpenAiSdkMessages.outputMessage(
                  responseMessage(
                      "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}"),
                  "stop"))
          .isNull();
    }
  }
}
