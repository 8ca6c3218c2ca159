package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StreamTimerTest {
  private static final long START = 1_000_000_000L;

  @Test
  void roleOnlyChunkDoesNotStartTimeToFirstChunk() {
    StreamTimer timer = new StreamTimer(START);
    timer.onChunk(START + 5_000_000, false);
    timer.onChunk(START + 250_000_000, true);

    assertThat(timer.timeToFirstChunkSeconds()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void timeToFirstChunkIsUnknownUntilAContentChunkArrives() {
    StreamTimer timer = new StreamTimer(START);
    timer.onChunk(START + 5_000_000, false);

    assertThat(timer.hasFirstChunk()).isFalse();
    assertThat(timer.timeToFirstChunkSeconds()).isNaN();
  }

  @Test
  void everyChunkIsCountedButOnlyContentChunksAreContent() {
    StreamTimer timer = new StreamTimer(START);
    timer.onChunk(START + 1, false);
    timer.onChunk(START + 2, true);
    timer.onChunk(START + 3, true);
    timer.onChunk(START + 4, false);

    assertThat(timer.chunks()).isEqualTo(4);
    assertThat(timer.contentChunks()).isEqualTo(2);
  }

  @Test
  void gapsAreMeasuredBetweenConsecutiveContentChunks() {
    StreamTimer timer = new StreamTimer(START);
    timer.onChunk(START + 100_000_000, true);
    timer.onChunk(START + 130_000_000, true);
    timer.onChunk(START + 150_000_000, false);
    timer.onChunk(START + 170_000_000, true);

    assertThat(timer.gapCount()).isEqualTo(2);
    assertThat(timer.gapSeconds(0)).isCloseTo(0.030, within(1e-12));
    assertThat(timer.gapSeconds(1)).isCloseTo(0.040, within(1e-12));
  }

  @Test
  void gapsAreBoundedAtMaxGapsAndTheRestAreCountedAsDropped() {
    StreamTimer timer = new StreamTimer(START);
    int contentChunks = StreamTimer.MAX_GAPS + 1 + 10; // MAX_GAPS + 10 gaps
    for (int i = 0; i < contentChunks; i++) {
      timer.onChunk(START + 1_000L * (i + 1), true);
    }

    assertThat(timer.gapCount()).isEqualTo(StreamTimer.MAX_GAPS);
    assertThat(timer.droppedGaps()).isEqualTo(10);
    assertThat(timer.contentChunks()).isEqualTo(contentChunks);
    assertThat(timer.gapSeconds(StreamTimer.MAX_GAPS - 1)).isCloseTo(1e-6, within(1e-15));
  }

  @Test
  void noGapIsDroppedBelowTheCapacity() {
    StreamTimer timer = new StreamTimer(START);
    for (int i = 0; i <= StreamTimer.MAX_GAPS; i++) {
      timer.onChunk(START + 1_000L * (i + 1), true);
    }

    assertThat(timer.gapCount()).isEqualTo(StreamTimer.MAX_GAPS);
    assertThat(timer.droppedGaps()).isZero();
  }

  @Test
  void generationTimeRunsFromTheFirstContentChunkToTheEnd() {
    StreamTimer timer = new StreamTimer(START);
    timer.onChunk(START + 10_000_000, false);
    timer.onChunk(START + 200_000_000, true);
    timer.onChunk(START + 300_000_000, true);
    timer.end(START + 700_000_000);

    assertThat(timer.generationSeconds()).isCloseTo(0.5, within(1e-12));
    assertThat(timer.durationSeconds()).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void generationTimeIsUnknownWithoutContentChunks() {
    StreamTimer timer = new StreamTimer(START);
    timer.end(START + 700_000_000);

    assertThat(timer.generationSeconds()).isNaN();
  }

  @Test
  void durationIsUnknownBeforeTheEnd() {
    StreamTimer timer = new StreamTimer(START);

    assertThat(timer.durationSeconds()).isNaN();
    assertThat(timer.generationSeconds()).isNaN();
  }

  @Test
  void onlyTheFirstEndCounts() {
    StreamTimer timer = new StreamTimer(START);
    timer.end(START + 100_000_000);
    timer.end(START + 900_000_000);

    assertThat(timer.durationSeconds()).isCloseTo(0.1, within(1e-12));
  }
}
