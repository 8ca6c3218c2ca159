package dev.genaiwatch.processor.queue;

import dev.genaiwatch.processor.ProcessorConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * The queue between receivers and forwarder. {@code disk} (the default when {@code data.dir} is
 * set) stores every acknowledged request under {@code <data.dir>/queue} until the downstream
 * accepted it; {@code memory} keeps up to {@code queue.capacity} requests in the heap and loses
 * them on a crash.
 */
public record QueueSettings(
    boolean onDisk,
    int memoryCapacity,
    long maxBytes,
    long segmentBytes,
    FsyncPolicy fsync,
    Duration fsyncInterval) {

  /**
   * {@code dataDir} empty means no disk: the queue defaults to memory and {@code disk} is refused.
   */
  public static QueueSettings from(ProcessorConfig config, String dataDir) {
    String type =
        config.string("queue.type", dataDir.isEmpty() ? "memory" : "disk").toLowerCase(Locale.ROOT);
    if (!type.equals("disk") && !type.equals("memory")) {
      throw new IllegalArgumentException("queue.type must be disk or memory, was '" + type + "'");
    }
    if (type.equals("disk") && dataDir.isEmpty()) {
      throw new IllegalArgumentException("queue.type=disk needs data.dir (it is empty)");
    }
    return new QueueSettings(
        type.equals("disk"),
        config.integer("queue.capacity", 1024),
        config.longInteger("queue.max.bytes", 512L * 1024 * 1024),
        config.longInteger("queue.segment.bytes", 16L * 1024 * 1024),
        FsyncPolicy.parse(config.string("queue.fsync", "interval")),
        config.millis("queue.fsync.interval.ms", 1000));
  }

  public QueueSettings {
    if (maxBytes < 1024 * 1024) {
      throw new IllegalArgumentException(
          "queue.max.bytes must be at least 1048576 (1 MiB), was " + maxBytes);
    }
    ProcessorConfig.requireAtLeast("queue.segment.bytes", 4096, segmentBytes);
    ProcessorConfig.requireAtLeast("queue.capacity", 1, memoryCapacity);
    ProcessorConfig.requirePositive("queue.fsync.interval.ms", fsyncInterval);
  }
}
