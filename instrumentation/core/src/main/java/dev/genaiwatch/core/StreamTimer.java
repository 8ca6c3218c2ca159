package dev.genaiwatch.core;

import java.util.Arrays;

/**
 * Timings of one streamed response: time to first content chunk (TTFT), the gaps between later
 * chunks (time per output chunk) and the end. Gaps are kept in a fixed-size array so a very long
 * stream costs bounded memory; gaps beyond the capacity are counted but not kept.
 */
public final class StreamTimer {
  static final int MAX_GAPS = 4096;

  private final long startNanos;
  private long firstChunkNanos = -1;
  private long lastChunkNanos = -1;
  private long endNanos = -1;
  private long chunks;
  private long contentChunks;
  private long[] gaps;
  private int gapCount;
  private long droppedGaps;

  public StreamTimer(long startNanos) {
    this.startNanos = startNanos;
  }

  /**
   * Records a chunk arriving at {@code nowNanos}. Only chunks that carry content start the TTFT
   * clock: vLLM and OpenAI send a role-only chunk first, which says nothing about generation speed.
   */
  public void onChunk(long nowNanos, boolean hasContent) {
    chunks++;
    if (!hasContent) {
      return;
    }
    contentChunks++;
    if (firstChunkNanos < 0) {
      firstChunkNanos = nowNanos;
    } else {
      addGap(nowNanos - lastChunkNanos);
    }
    lastChunkNanos = nowNanos;
  }

  public void end(long nowNanos) {
    if (endNanos < 0) {
      endNanos = nowNanos;
    }
  }

  private void addGap(long gap) {
    if (gaps == null) {
      gaps = new long[16];
    }
    if (gapCount == gaps.length) {
      if (gaps.length >= MAX_GAPS) {
        droppedGaps++;
        return;
      }
      gaps = Arrays.copyOf(gaps, Math.min(gaps.length * 2, MAX_GAPS));
    }
    gaps[gapCount++] = gap;
  }

  public long startNanos() {
    return startNanos;
  }

  public boolean hasFirstChunk() {
    return firstChunkNanos >= 0;
  }

  /** Seconds from request start to the first content chunk, or NaN if none arrived. */
  public double timeToFirstChunkSeconds() {
    return firstChunkNanos < 0 ? Double.NaN : (firstChunkNanos - startNanos) / 1e9;
  }

  /** Seconds from the first content chunk to the end of the stream, or NaN. */
  public double generationSeconds() {
    return firstChunkNanos < 0 || endNanos < 0 ? Double.NaN : (endNanos - firstChunkNanos) / 1e9;
  }

  public double durationSeconds() {
    return endNanos < 0 ? Double.NaN : (endNanos - startNanos) / 1e9;
  }

  public long chunks() {
    return chunks;
  }

  public long contentChunks() {
    return contentChunks;
  }

  public int gapCount() {
    return gapCount;
  }

  public double gapSeconds(int i) {
    return gaps[i] / 1e9;
  }

  public long droppedGaps() {
    return droppedGaps;
  }
}
