package dev.genaiwatch.simulator;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides and performs the simulated GPU delays, and admits at most {@link
 * SimConfig#maxRunningRequests()} requests at a time (the rest wait, like vLLM's scheduler queue).
 *
 * <p>Every delay is scaled by {@code 1 + penalty * (running - 1)} at the moment it is slept, which
 * mimics continuous batching: more concurrent sequences make every step slower.
 */
final class LatencyModel {

  private final SimConfig config;
  private final Semaphore slots;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong kvBlocks = new AtomicLong();

  LatencyModel(SimConfig config) {
    this.config = config;
    this.slots = new Semaphore(config.maxRunningRequests(), true);
  }

  /**
   * Occupies a running slot (waiting for one if all are taken) until the returned handle closes.
   */
  Slot admit() throws InterruptedException {
    return admit(0);
  }

  /**
   * Like {@link #admit()}, holding the KV-cache blocks of {@code promptTokens} while running, as
   * vLLM's scheduler allocates them on admission.
   */
  Slot admit(int promptTokens) throws InterruptedException {
    slots.acquire();
    running.incrementAndGet();
    long blocks = (Math.max(0, promptTokens) + SimConfig.BLOCK_SIZE - 1) / SimConfig.BLOCK_SIZE;
    kvBlocks.addAndGet(blocks);
    return new Slot(blocks);
  }

  /** Share of the KV cache held by running requests, 0..1 ({@code vllm:kv_cache_usage_perc}). */
  double kvCacheUsage() {
    return Math.min(1.0, kvBlocks.get() / (double) config.kvCacheBlocks());
  }

  int running() {
    return running.get();
  }

  long ttftNanos(int promptTokens, int cachedTokens) {
    double ms =
        config.ttftBaseMillis()
            + config.prefillMillisPerToken() * Math.max(0, promptTokens - cachedTokens);
    return scaled(ms);
  }

  long decodeNanos() {
    return scaled(config.decodeMillisPerToken());
  }

  private long scaled(double millis) {
    if (millis <= 0) {
      return 0;
    }
    double factor = 1 + config.concurrencyPenalty() * Math.max(0, running.get() - 1);
    return (long) (millis * factor * 1_000_000d);
  }

  /** Sleeps and returns the time actually slept, which is what {@link ServedResponse} reports. */
  static long sleepNanos(long nanos) throws InterruptedException {
    if (nanos <= 0) {
      return 0;
    }
    long start = System.nanoTime();
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    return System.nanoTime() - start;
  }

  /** A held running slot. */
  final class Slot implements AutoCloseable {
    private final long blocks;
    private boolean released;

    private Slot(long blocks) {
      this.blocks = blocks;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        running.decrementAndGet();
        kvBlocks.addAndGet(-blocks);
        slots.release();
      }
    }
  }
}
