package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {
  private static final String STREAM =
      ": keep-alive comment\n"
          + "data: {\"choices\":[{\"delta\":{\"content\":\"Grüße \uD83D\uDE00\"}}]}\n\n"
          + "event: message\nid: 7\ndata: {\"a\":1}\n\n"
          + "data: [DONE]\n\n";

  private final List<String> events = new ArrayList<>();

  private SseEventParser parser(int max) {
    return new SseEventParser(max, events::add);
  }

  @Test
  void dispatchesDataOfEachEventAndIgnoresCommentsAndOtherFields() {
    SseEventParser p = parser(1024);
    p.feed(bytes(STREAM));
    assertThat(events)
        .containsExactly(
            "{\"choices\":[{\"delta\":{\"content\":\"Grüße \uD83D\uDE00\"}}]}",
            "{\"a\":1}",
            "[DONE]");
  }

  @Test
  void sameEventsWhateverByteBoundaryTheNetworkSplitsAt() {
    byte[] all = STREAM.getBytes(StandardCharsets.UTF_8);
    List<String> expected =
        List.of(
            "{\"choices\":[{\"delta\":{\"content\":\"Grüße \uD83D\uDE00\"}}]}",
            "{\"a\":1}",
            "[DONE]");
    for (int split = 0; split <= all.length; split++) {
      events.clear();
      SseEventParser p = parser(1024);
      p.feed(ByteBuffer.wrap(all, 0, split));
      p.feed(ByteBuffer.wrap(all, split, all.length - split));
      assertThat(events).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void crlfAndLoneCrEndLinesEvenWhenCrAndLfArriveInDifferentChunks() {
    SseEventParser p = parser(1024);
    p.feed(bytes("data: one\r"));
    p.feed(bytes("\n\r\ndata: two\r\rdata: three\n\n"));
    assertThat(events).containsExactly("one", "two", "three");
  }

  @Test
  void multipleDataLinesOfOneEventAreJoinedWithNewline() {
    SseEventParser p = parser(1024);
    p.feed(bytes("data: first\ndata:second\n\n"));
    assertThat(events).containsExactly("first\nsecond");
  }

  @Test
  void lastEventWithoutBlankLineIsDispatchedAtTheEnd() {
    SseEventParser p = parser(1024);
    p.feed(bytes("data: tail"));
    assertThat(events).isEmpty();
    p.finish();
    assertThat(events).containsExactly("tail");
  }

  @Test
  void eventLargerThanTheBoundIsDroppedAndReportedAndLaterEventsStillArrive() {
    SseEventParser p = parser(32);
    p.feed(bytes("data: " + "x".repeat(100) + "\n\ndata: small\n\n"));
    assertThat(events).containsExactly("small");
    assertThat(p.truncated()).isTrue();
  }

  @Test
  void feedingDoesNotMoveTheBuffersPosition() {
    ByteBuffer buffer = bytes("data: x\n\n");
    parser(1024).feed(buffer);
    assertThat(buffer.position()).isZero();
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
