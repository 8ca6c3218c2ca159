package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} texts out of each block of texts a key sends
 * (reservoir sampling, Algorithm R): every text of a block has the same chance to be embedded
 * however fast the calls arrive, so the embedding test always sees the same number of texts per
 * block, and the CPU it costs is bounded by the block rate instead of the call rate.
 */
final class TextReservoir {
  /** A closed block's sample, the key's call count at its last text, and how many texts it saw. */
  record Block(List<String> texts, long lastCall, int seen) {}

  private final String[] sample;
  private int seen;

  TextReservoir(int capacity) {
    this.sample = new String[Math.max(1, capacity)];
  }

  /** Adds a text; returns the block's sample when this text completes a block of {@code size}. */
  Block offer(String text, long call, int size, SplittableRandom random) {
    // The model reads no further, and a reservoir must not pin a 100 kB prompt in memory.
    if (text.length() > MiniLmEmbedder.MAX_CHARS) {
      text = text.substring(0, MiniLmEmbedder.MAX_CHARS);
    }
    if (seen < sample.length) {
      sample[seen] = text;
    } else {
      int slot = random.nextInt(seen + 1);
      if (slot < sample.length) {
        sample[slot] = text;
      }
    }
    seen++;
    return seen >= size ? close(call) : null;
  }

  /** The sample of a block that has not filled (a quiet key, on the timer); null when empty. */
  Block flush(long call) {
    return seen == 0 ? null : close(call);
  }

  private Block close(long call) {
    List<String> texts =
        new ArrayList<>(Arrays.asList(sample).subList(0, Math.min(seen, sample.length)));
    Block block = new Block(texts, call, seen);
    Arrays.fill(sample, null);
    seen = 0;
    return block;
  }
}
