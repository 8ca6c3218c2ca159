package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextReservoirTest {

  @Test
  void everyTextOfABlockIsSampledWithTheSameChance() {
    TextReservoir reservoir = new TextReservoir(16);
    SplittableRandom random = new SplittableRandom(5);
    int[] chosen = new int[100];
    int blocks = 4000;
    for (int b = 0; b < blocks; b++) {
      TextReservoir.Block block = null;
      for (int i = 0; i < 100; i++) {
        block = reservoir.offer(Integer.toString(i), i, 100, random);
      }
      assertThat(block).isNotNull();
      assertThat(block.texts()).hasSize(16);
      block.texts().forEach(t -> chosen[Integer.parseInt(t)]++);
    }
    // 16 of 100 each time: 640 expected per position, standard deviation about 23.
    for (int i = 0; i < chosen.length; i++) {
      assertThat(chosen[i]).as("position %d", i).isBetween(540, 740);
    }
  }

  @Test
  void aQuietKeysUnfilledBlockIsFlushedWithEveryTextItSaw() {
    TextReservoir reservoir = new TextReservoir(16);
    SplittableRandom random = new SplittableRandom(5);
    assertThat(reservoir.offer("a", 1, 100, random)).isNull();
    assertThat(reservoir.offer("b", 2, 100, random)).isNull();
    TextReservoir.Block block = reservoir.flush(2);
    assertThat(block.texts()).containsExactly("a", "b");
    assertThat(block.lastCall()).isEqualTo(2);
    assertThat(reservoir.flush(3)).isNull();
  }

  @Test
  void aLongTextIsKeptOnlyAsFarAsTheModelReads() {
    TextReservoir reservoir = new TextReservoir(1);
    TextReservoir.Block block = reservoir.offer("x".repeat(100_000), 1, 1, new SplittableRandom(1));
    assertThat(block.texts().get(0)).hasSize(MiniLmEmbedder.MAX_CHARS);
  }
}
