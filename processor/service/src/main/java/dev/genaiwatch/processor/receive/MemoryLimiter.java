package dev.genaiwatch.processor.receive;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Refuses new export requests (HTTP 503 with Retry-After, gRPC UNAVAILABLE: both retried by OTLP
 * senders) while the heap in use is above {@code memory.limit.percent} of its maximum, checked on
 * the request line, before the body is read. Heap in use counts garbage too, so above the limit it
 * asks for a collection (at most once a second, on its own thread, as the Collector's
 * memory_limiter does): a heap merely full of garbage refuses briefly, then admits.
 */
public final class MemoryLimiter {
  private static final long GC_INTERVAL_NANOS = 1_000_000_000L;

  private final LongSupplier usedHeapBytes;
  private final Runnable collect;
  private final long limitBytes;
  private final int percent;
  private final AtomicLong lastCollect = new AtomicLong(System.nanoTime() - GC_INTERVAL_NANOS);

  MemoryLimiter(LongSupplier usedHeapBytes, Runnable collect, long maxHeapBytes, int percent) {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException(
          "memory.limit.percent must be between 1 and 100, was " + percent);
    }
    this.usedHeapBytes = usedHeapBytes;
    this.collect = collect;
    this.percent = percent;
    this.limitBytes = percent >= 100 ? Long.MAX_VALUE : maxHeapBytes / 100 * percent;
  }

  /** The limiter for this JVM's heap; {@code percent} 100 turns it off. */
  public static MemoryLimiter forHeap(int percent) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    return new MemoryLimiter(
        () -> memory.getHeapMemoryUsage().getUsed(),
        () -> {
          Thread gc = new Thread(System::gc, "genai-watch-processor-memory-limiter");
          gc.setDaemon(true);
          gc.start();
        },
        Runtime.getRuntime().maxMemory(),
        percent);
  }

  /** True when a new request may be read. */
  public boolean admits() {
    if (limitBytes == Long.MAX_VALUE || usedHeapBytes.getAsLong() <= limitBytes) {
      return true;
    }
    long now = System.nanoTime();
    long last = lastCollect.get();
    if (now - last >= GC_INTERVAL_NANOS && lastCollect.compareAndSet(last, now)) {
      collect.run();
    }
    return false;
  }

  public String refusal() {
    return "genai-watch processor is above its memory limit ("
        + percent
        + " % of the heap, memory.limit.percent);"
        + " retry later";
  }
}
