package dev.genaiwatch.simulator;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vLLM-style automatic prefix caching, reduced to bookkeeping: an LRU of recent prompts, each held
 * as the chain hashes of its full 16-token blocks (a block's hash covers every token before it, as
 * in vLLM). A prompt's cached tokens are its leading blocks found in the cache, which equals the
 * longest common token prefix with any cached prompt rounded down to the block size.
 *
 * <p>Like vLLM, at least the last prompt token is always recomputed, so an exact repeat of a
 * 32-token prompt reports 16 cached tokens, not 32.
 */
final class PrefixCache {

  private final int capacity;
  private final int blockSize;
  private final LinkedHashMap<Long, long[]> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Long, Integer> blockRefs = new HashMap<>();
  private volatile boolean flushing;

  PrefixCache(int capacity, int blockSize) {
    this.capacity = capacity;
    this.blockSize = blockSize;
  }

  /** Returns the cached-token count for {@code tokens} and then records the prompt. */
  synchronized int lookupAndInsert(long[] tokens) {
    if (capacity == 0 || tokens.length == 0) {
      return 0;
    }
    if (flushing) {
      clear();
    }
    long[] blocks = blockHashes(tokens);
    int hitBlocks = 0;
    while (hitBlocks < blocks.length && blockRefs.containsKey(blocks[hitBlocks])) {
      hitBlocks++;
    }
    int cached = Math.min(hitBlocks * blockSize, ((tokens.length - 1) / blockSize) * blockSize);

    long key =
        blocks.length == 0
            ? Hashing.mix(tokens.length)
            : Hashing.combine(blocks[blocks.length - 1], tokens.length);
    long[] previous = entries.remove(key);
    if (previous != null) {
      release(previous);
    }
    entries.put(key, blocks);
    for (long b : blocks) {
      blockRefs.merge(b, 1, Integer::sum);
    }
    Iterator<Map.Entry<Long, long[]>> it = entries.entrySet().iterator();
    while (entries.size() > capacity && it.hasNext()) {
      long[] evicted = it.next().getValue();
      it.remove();
      release(evicted);
    }
    return cached;
  }

  /**
   * While on, the cache is emptied before every lookup: the prefix-cache collapse a restart, an
   * eviction storm or a changed system prompt cause, with the traffic unchanged.
   */
  void flushing(boolean on) {
    flushing = on;
  }

  synchronized void clear() {
    entries.clear();
    blockRefs.clear();
  }

  private void release(long[] blocks) {
    for (long b : blocks) {
      blockRefs.computeIfPresent(b, (k, v) -> v == 1 ? null : v - 1);
    }
  }

  private long[] blockHashes(long[] tokens) {
    long[] blocks = new long[tokens.length / blockSize];
    long h = 0x9e3779b97f4a7c15L;
    for (int i = 0; i < blocks.length * blockSize; i++) {
      h = Hashing.combine(h, tokens[i]);
      if ((i + 1) % blockSize == 0) {
        blocks[i / blockSize] = h;
      }
    }
    return blocks;
  }
}
