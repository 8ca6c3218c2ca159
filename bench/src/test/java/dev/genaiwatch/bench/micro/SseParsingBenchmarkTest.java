package dev.genaiwatch.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.model.LlmCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each benchmark method once, no timing: keeps the benchmark measuring the stream it claims to. */
class SseParsingBenchmarkTest {
  private final SseParsingBenchmark benchmark = new SseParsingBenchmark();

  @BeforeEach
  void setUp() {
    benchmark.setUp();
  }

  @AfterEach
  void tearDown() {
    benchmark.tearDown();
  }

  @Test
  void streamIsTwoHundredChunksAndDoneSplitAcrossSlicesOfNetworkSize() {
    assertThat(OpenAiChatStream.slices()).hasSizeGreaterThan(20);
    // Each event is a data line and a blank line: 200 chunks plus [DONE].
    assertThat(benchmark.scanForNewlines()).isEqualTo(2L * (OpenAiChatStream.CHUNKS + 1));
  }

  @Test
  void parserSeesTheSameTextAsTheLineDecodingBaselineLessTheFieldNames() {
    long lineChars = benchmark.decodeLines();
    long eventChars = benchmark.sseEvents();
    assertThat(eventChars)
        .isEqualTo(lineChars - "data: ".length() * (OpenAiChatStream.CHUNKS + 1L));
  }

  @Test
  void callRowsRecordEveryChunkTheUsageAndTheStreamedText() {
    ActiveLlmCall on = benchmark.sseIntoCallContentOn();
    LlmCall call = on.call();
    assertThat(on.isEnded()).isTrue();
    assertThat(on.timer().chunks()).isEqualTo(OpenAiChatStream.CHUNKS);
    assertThat(call.outputTokens).isEqualTo(OpenAiChatStream.CHUNKS - 3L);
    assertThat(call.usageEstimated).isFalse();
    assertThat(call.cacheReadInputTokens).isEqualTo(384L);
    assertThat(call.finishReasons).containsExactly("stop");
    assertThat(call.outputMessages).hasSize(1);
    assertThat(call.outputMessages.get(0).parts().get(0).content()).contains("café", "🚚");

    ActiveLlmCall off = benchmark.sseIntoCallContentOff();
    assertThat(off.timer().chunks()).isEqualTo(OpenAiChatStream.CHUNKS);
    assertThat(off.call().outputMessages).isNull();
  }

  @Test
  void libraryCallRowFindsTheCachedTokensOnlyTheWireKnows() {
    LlmCall call = benchmark.sseUsageForLibraryCall();
    assertThat(call.cacheReadInputTokens).isEqualTo(384L);
  }
}
