package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PendingBlocksTest {
  private final KeyState busy = new KeyState(new DriftKey("shop", "m", "chat"));
  private final KeyState quiet = new KeyState(new DriftKey("other", "m", "chat"));

  private static PendingBlocks.Job job(KeyState state, long lastCall, String... texts) {
    return new PendingBlocks.Job(
        state, EmbeddingFeature.PROMPT, new TextReservoir.Block(List.of(texts), lastCall, 100));
  }

  @Test
  void aKeysNewerBlockReplacesTheWaitingOneAndKeepsItsPlaceInLine() {
    PendingBlocks pending = new PendingBlocks(100);
    assertThat(pending.offer(job(busy, 100, "a", "b"))).isZero();
    assertThat(pending.offer(job(quiet, 100, "c"))).isZero();
    assertThat(pending.offer(job(busy, 200, "d", "e", "f"))).isEqualTo(2);
    PendingBlocks.Job first = pending.poll();
    assertThat(first.state()).isSameAs(busy);
    assertThat(first.block().lastCall()).isEqualTo(200);
    assertThat(pending.poll().state()).isSameAs(quiet);
    assertThat(pending.poll()).isNull();
  }

  @Test
  void aNewKeysBlockBeyondTheTextBoundIsRefusedWhole() {
    PendingBlocks pending = new PendingBlocks(3);
    assertThat(pending.offer(job(busy, 100, "a", "b"))).isZero();
    assertThat(pending.offer(job(quiet, 100, "c", "d"))).isEqualTo(2);
    assertThat(pending.poll().state()).isSameAs(busy);
    assertThat(pending.poll()).isNull();
  }
}
