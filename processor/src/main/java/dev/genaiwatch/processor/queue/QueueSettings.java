package dev.genaiwatch.processor.queue;

import java.time.Duration;

/**
 * The queue between receivers and forwarder. {@code disk} (the default when {@code data.dir} is set) stores every
 * acknowledged request under {@code <data.dir>/queue} until the downstream accepted it; {@code memory} keeps up to
 * {@code queue.capacity} requests in the heap and loses them on a crash.
 */
public record QueueSettings(boolean onDisk, int memoryCapacity, long maxBytes, long segmentBytes, FsyncPolicy fsync,
    Duration fsyncInterval) {

  public QueueSettings {
    if (maxBytes < 1024 * 1024) {
      throw new IllegalArgumentException("queue.max.bytes must be at least 1048576 (1 MiB), was " + maxBytes);
    }
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("queue.segment.bytes must be at least 4096, was " + segmentBytes);
    }
    if (memoryCapacity < 1) {
      throw new IllegalArgumentException("queue.capacity must be at least 1, was " + memoryCapacity);
    }
    if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
      throw new IllegalArgumentException("queue.fsync.interval.ms must be positive, was " + fsyncInterval.toMillis());
    }
  }
}
