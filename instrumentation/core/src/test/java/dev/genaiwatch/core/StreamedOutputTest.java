package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamedOutputTest {

  private static String text(GenAiMessage message) {
    assertThat(message.parts()).hasSize(1);
    MessagePart part = message.parts().get(0);
    assertThat(part.type()).isEqualTo("text");
    return part.content();
  }

  @Test
  void deltasOfOneChoiceAreConcatenated() {
    StreamedOutput out = new StreamedOutput(100);
    out.append(0, "Hel");
    out.append(0, "lo");
    out.append(0, "!");

    assertThat(out.messages()).hasSize(1);
    assertThat(text(out.messages().get(0))).isEqualTo("Hello!");
    assertThat(out.messages().get(0).role()).isEqualTo("assistant");
    assertThat(out.truncated()).isFalse();
  }

  @Test
  void multipleChoicesAreKeptApartInIndexOrder() {
    StreamedOutput out = new StreamedOutput(100);
    out.append(1, "B1");
    out.append(0, "A1");
    out.append(1, "B2");
    out.append(0, "A2");

    List<GenAiMessage> messages = out.messages();
    assertThat(messages).hasSize(2);
    assertThat(text(messages.get(0))).isEqualTo("A1A2");
    assertThat(text(messages.get(1))).isEqualTo("B1B2");
  }

  @Test
  void textIsBoundedInCharactersAcrossAllChoices() {
    StreamedOutput out = new StreamedOutput(5, 0);
    out.append(0, "abc");
    out.append(1, "defg");
    out.append(0, "hij");

    List<GenAiMessage> messages = out.messages();
    assertThat(text(messages.get(0))).isEqualTo("abc");
    assertThat(text(messages.get(1))).isEqualTo("de");
    assertThat(out.truncated()).isTrue();
  }

  @Test
  void textExactlyAtTheBoundIsNotTruncated() {
    StreamedOutput out = new StreamedOutput(5, 0);
    out.append(0, "ab");
    out.append(0, "cde");

    assertThat(text(out.messages().get(0))).isEqualTo("abcde");
    assertThat(out.truncated()).isFalse();
  }

  @Test
  void anyTextBeyondAFullBufferMarksItTruncated() {
    StreamedOutput out = new StreamedOutput(5, 0);
    out.append(0, "abcde");
    out.append(0, "f");

    assertThat(text(out.messages().get(0))).isEqualTo("abcde");
    assertThat(out.truncated()).isTrue();
  }

  @Test
  void finishReasonsAreReportedInChoiceOrderNotArrivalOrder() {
    StreamedOutput out = new StreamedOutput(100);
    out.finish(2, "tool_calls");
    out.finish(0, "stop");
    out.finish(1, "length");

    assertThat(out.finishReasons()).containsExactly("stop", "length", "tool_calls");
  }

  @Test
  void choicesThatNeverFinishedHaveNoFinishReason() {
    StreamedOutput out = new StreamedOutput(100);
    out.append(0, "a");
    out.append(1, "b");
    out.finish(1, "stop");

    assertThat(out.finishReasons()).containsExactly("stop");
    assertThat(out.messages().get(0).finishReason()).isNull();
    assertThat(out.messages().get(1).finishReason()).isEqualTo("stop");
  }

  @Test
  void choiceIndexesOutOfRangeAreIgnored() {
    StreamedOutput out = new StreamedOutput(100);
    out.append(-1, "negative");
    out.append(16, "too high");
    out.append(Integer.MAX_VALUE, "broken server");
    out.finish(-1, "stop");
    out.finish(16, "stop");

    assertThat(out.messages()).isEmpty();
    assertThat(out.finishReasons()).isEmpty();
    assertThat(out.truncated()).isFalse();
  }

  @Test
  void highestAcceptedChoiceIndexIsFifteen() {
    StreamedOutput out = new StreamedOutput(100);
    out.append(15, "last");

    assertThat(out.messages()).hasSize(16);
    assertThat(text(out.messages().get(15))).isEqualTo("last");
  }

  @Test
  void nullAndEmptyDeltasAreIgnored() {
    StreamedOutput out = new StreamedOutput(100);
    out.append(0, null);
    out.append(0, "");

    assertThat(out.messages()).isEmpty();
  }

  @Test
  void finishedChoiceWithoutTextIsAnEmptyAssistantMessage() {
    StreamedOutput out = new StreamedOutput(100);
    out.finish(0, "stop");

    assertThat(out.messages()).hasSize(1);
    assertThat(text(out.messages().get(0))).isEmpty();
    assertThat(out.messages().get(0).finishReason()).isEqualTo("stop");
  }

  @Test
  void textPastTheCaptureLimitIsKeptForTheLookAheadSoRedactionSeesASecretWhole() {
    StreamedOutput out = new StreamedOutput(10);
    out.append(0, "0123456789");
    out.append(0, "x".repeat(StreamedOutput.LOOK_AHEAD));
    out.append(0, "y");

    assertThat(text(out.messages().get(0))).hasSize(10 + StreamedOutput.LOOK_AHEAD);
    assertThat(out.truncated()).isTrue();
  }

  @Test
  void aDisabledCaptureKeepsNothingAhead() {
    StreamedOutput out = new StreamedOutput(0);
    out.append(0, "abc");

    assertThat(text(out.messages().get(0))).isEmpty();
    assertThat(out.truncated()).isTrue();
  }
}
