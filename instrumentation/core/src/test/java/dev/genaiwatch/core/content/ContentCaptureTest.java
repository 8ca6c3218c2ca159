package dev.genaiwatch.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.redaction.RedactionEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentCaptureTest {
  private static final String MARK = "…";
  private final ObjectMapper json = new ObjectMapper();

  private static ContentCapture capture(int maxLength) {
    return new ContentCapture(true, maxLength, RedactionEngine.defaults());
  }

  private static LlmCall callWithInput(GenAiMessage... messages) {
    LlmCall call = new LlmCall();
    call.inputMessages = List.of(messages);
    return call;
  }

  private JsonNode parse(String value) throws Exception {
    assertThat(value).isNotNull();
    return json.readTree(value);
  }

  private static void assertNoLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
            .as("high surrogate at %d is followed by its low surrogate in %s", i, s)
            .isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c))
            .as("lone low surrogate at %d in %s", i, s)
            .isFalse();
      }
    }
    assertThat(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(s);
  }

  @Test
  void disabledCaptureProducesNothing() {
    ContentCapture off = new ContentCapture(false, 8192, RedactionEngine.defaults());

    assertThat(off.capture(CallContent.of(callWithInput(GenAiMessage.text("user", "hi")))))
        .isNull();
  }

  @Test
  void callWithoutAnyContentProducesNothing() {
    assertThat(capture(8192).capture(CallContent.of(new LlmCall()))).isNull();
  }

  @Test
  void inputMessagesFollowTheSemconvMessageSchema() throws Exception {
    CapturedContent c =
        capture(8192)
            .capture(CallContent.of(callWithInput(GenAiMessage.text("user", "What is 2+2?"))));

    JsonNode input = parse(c.inputMessagesJson());
    assertThat(input.isArray()).isTrue();
    assertThat(input.get(0).get("role").asText()).isEqualTo("user");
    assertThat(input.get(0).get("parts").get(0).get("type").asText()).isEqualTo("text");
    assertThat(input.get(0).get("parts").get(0).get("content").asText()).isEqualTo("What is 2+2?");
    assertThat(input.get(0).has("finish_reason")).isFalse();
    assertThat(c.systemInstructionsJson()).isNull();
    assertThat(c.outputMessagesJson()).isNull();
  }

  @Test
  void systemInstructionsAreAnArrayOfTextParts() throws Exception {
    LlmCall call = new LlmCall();
    call.systemInstructions = List.of("Be terse.", "Answer in French.");

    JsonNode system = parse(capture(8192).capture(CallContent.of(call)).systemInstructionsJson());
    assertThat(system).hasSize(2);
    assertThat(system.get(0).get("type").asText()).isEqualTo("text");
    assertThat(system.get(0).get("content").asText()).isEqualTo("Be terse.");
    assertThat(system.get(1).get("content").asText()).isEqualTo("Answer in French.");
  }

  @Test
  void emptySystemInstructionsAreOmitted() {
    LlmCall call = callWithInput(GenAiMessage.text("user", "hi"));
    call.systemInstructions = List.of();

    assertThat(capture(8192).capture(CallContent.of(call)).systemInstructionsJson()).isNull();
  }

  @Test
  void outputMessagesCarryTheirFinishReason() throws Exception {
    LlmCall call = new LlmCall();
    call.outputMessages =
        List.of(new GenAiMessage("assistant", List.of(MessagePart.text("4")), "stop"));

    JsonNode output = parse(capture(8192).capture(CallContent.of(call)).outputMessagesJson());
    assertThat(output.get(0).get("role").asText()).isEqualTo("assistant");
    assertThat(output.get(0).get("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void toolCallPartsCarryIdNameAndArguments() throws Exception {
    LlmCall call = new LlmCall();
    call.outputMessages =
        List.of(
            new GenAiMessage(
                "assistant",
                List.of(MessagePart.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                "tool_calls"));

    // Exactly these fields: a tool call has no content.
    assertThat(
            parse(capture(8192).capture(CallContent.of(call)).outputMessagesJson())
                .get(0)
                .get("parts")
                .get(0))
        .isEqualTo(
            parse(
                "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
  }

  @Test
  void toolCallResponsePartsCarryIdAndResponse() throws Exception {
    CapturedContent c =
        capture(8192)
            .capture(
                CallContent.of(
                    callWithInput(
                        new GenAiMessage(
                            "tool",
                            List.of(MessagePart.toolCallResponse("call_1", "18°C, sunny")),
                            null))));

    // Exactly these fields: a tool call response has no name.
    assertThat(parse(c.inputMessagesJson()).get(0).get("parts").get(0))
        .isEqualTo(
            parse(
                "{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"18°C, sunny\"}"));
  }

  @Test
  void textLongerThanTheLimitIsCutAndMarked() throws Exception {
    CapturedContent c =
        capture(10)
            .capture(
                CallContent.of(
                    callWithInput(GenAiMessage.text("user", "abcdefghijklmnopqrstuvwxyz"))));

    assertThat(parse(c.inputMessagesJson()).get(0).get("parts").get(0).get("content").asText())
        .isEqualTo("abcdefghij" + MARK);
    assertThat(c.truncated()).isTrue();
  }

  @Test
  void textWithinTheLimitIsNotMarkedTruncated() {
    CapturedContent c =
        capture(10).capture(CallContent.of(callWithInput(GenAiMessage.text("user", "abcdefghij"))));

    assertThat(c.truncated()).isFalse();
    assertThat(c.inputMessagesJson()).doesNotContain(MARK);
  }

  @Test
  void theLimitIsSharedByAllTextOfOneAttribute() throws Exception {
    CapturedContent c =
        capture(10)
            .capture(
                CallContent.of(
                    callWithInput(
                        GenAiMessage.text("user", "12345678"),
                        GenAiMessage.text("assistant", "abcdefgh"))));

    JsonNode input = parse(c.inputMessagesJson());
    assertThat(input.get(0).get("parts").get(0).get("content").asText()).isEqualTo("12345678");
    assertThat(input.get(1).get("parts").get(0).get("content").asText()).isEqualTo("ab" + MARK);
  }

  @Test
  void eachAttributeHasItsOwnLimit() throws Exception {
    LlmCall call = callWithInput(GenAiMessage.text("user", "12345678"));
    call.outputMessages = List.of(GenAiMessage.text("assistant", "abcdefgh"));

    CapturedContent c = capture(10).capture(CallContent.of(call));
    assertThat(parse(c.outputMessagesJson()).get(0).get("parts").get(0).get("content").asText())
        .isEqualTo("abcdefgh");
    assertThat(c.truncated()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7, 13, 50})
  void valueIsValidJsonEvenWhenCutInsideEscapedText(int limit) throws Exception {
    String nasty = "say \"hi\" \\ then\n\t\u0001 \"quoted\\\" end\" ünïcødé 😀 </script>";
    LlmCall call = callWithInput(GenAiMessage.text("user", nasty));
    call.systemInstructions = List.of(nasty);
    call.outputMessages =
        List.of(
            new GenAiMessage(
                "assistant",
                List.of(MessagePart.toolCall("c\"1", "f", "{\"a\":\"" + nasty + "\"}")),
                "tool_calls"));

    CapturedContent c = capture(limit).capture(CallContent.of(call));

    JsonNode input = parse(c.inputMessagesJson());
    String content = input.get(0).get("parts").get(0).get("content").asText();
    assertThat(nasty)
        .startsWith(content.endsWith(MARK) ? content.substring(0, content.length() - 1) : content);
    parse(c.systemInstructionsJson());
    assertThat(parse(c.outputMessagesJson()).get(0).get("parts").get(0).get("id").asText())
        .isEqualTo("c\"1");
  }

  @Test
  void surrogatePairsAreNeverSplitAtAnyLimit() throws Exception {
    String emoji = "a😀b😀😀c😀";
    for (int limit = 0; limit <= emoji.length() + 1; limit++) {
      CapturedContent c =
          capture(limit).capture(CallContent.of(callWithInput(GenAiMessage.text("user", emoji))));
      String content =
          parse(c.inputMessagesJson()).get(0).get("parts").get(0).get("content").asText();
      assertNoLoneSurrogate(content);
      assertNoLoneSurrogate(c.inputMessagesJson());
    }
  }

  @Test
  void cutBeforeASurrogatePairDropsTheWholePair() throws Exception {
    // limit 2 would end between the two halves of the emoji
    CapturedContent c =
        capture(2).capture(CallContent.of(callWithInput(GenAiMessage.text("user", "a😀b"))));

    assertThat(parse(c.inputMessagesJson()).get(0).get("parts").get(0).get("content").asText())
        .isEqualTo("a" + MARK);
  }

  @Test
  void redactionsAreCountedAcrossInputOutputAndSystemInstructions() {
    LlmCall call = callWithInput(GenAiMessage.text("user", "I am jane@example.com"));
    call.systemInstructions = List.of("Use key sk-proj-abcdefghijklmnopqrstuv");
    call.outputMessages =
        List.of(
            GenAiMessage.text(
                "assistant", "Send Authorization: Bearer abcdefgh12345678 to ops@example.org"));

    CapturedContent c = capture(8192).capture(CallContent.of(call));

    assertThat(c.redactions()).isEqualTo(4);
    String all = c.inputMessagesJson() + c.systemInstructionsJson() + c.outputMessagesJson();
    assertThat(all)
        .doesNotContain("jane@example.com", "sk-proj-", "abcdefgh12345678", "ops@example.org");
  }

  @Test
  void nothingRedactedCountsZero() {
    assertThat(
            capture(8192)
                .capture(CallContent.of(callWithInput(GenAiMessage.text("user", "plain"))))
                .redactions())
        .isZero();
  }

  @Test
  void toolArgumentsAndResponsesAreRedactedToo() {
    LlmCall call =
        callWithInput(
            new GenAiMessage(
                "tool",
                List.of(MessagePart.toolCallResponse("call_1", "owner: bob@example.com")),
                null));
    call.outputMessages =
        List.of(
            new GenAiMessage(
                "assistant",
                List.of(MessagePart.toolCall("call_2", "email", "{\"to\":\"alice@example.com\"}")),
                null));

    CapturedContent c = capture(8192).capture(CallContent.of(call));

    assertThat(c.redactions()).isEqualTo(2);
    assertThat(c.inputMessagesJson() + c.outputMessagesJson()).doesNotContain("@example.com");
  }

  @Test
  void aSecretCutByTheLimitIsRedactedBeforeTheCutSoNoPrefixLeaks() {
    String key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    CapturedContent c =
        capture(12)
            .capture(CallContent.of(callWithInput(GenAiMessage.text("user", key + " is my key"))));

    assertThat(c.inputMessagesJson()).doesNotContain("sk-proj").doesNotContain("ABCDEF");
    assertThat(c.redactions()).isEqualTo(1);
  }

  @Test
  void truncationAtTheSourceIsReportedEvenIfTheTextFits() {
    LlmCall call = new LlmCall();
    call.outputMessages = List.of(GenAiMessage.text("assistant", "short"));
    call.contentTruncatedAtSource = true;

    assertThat(capture(8192).capture(CallContent.of(call)).truncated()).isTrue();
  }

  @Test
  void maxLengthIsTheBoundForStreamedText() {
    assertThat(capture(321).maxLength()).isEqualTo(321);
  }
}
