package dev.genaiwatch.processor.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * When the disk queue forces its writes to the device. Every policy survives a crash of the process
 * ({@code kill -9}: written bytes are in the kernel); they differ on a crash of the machine or a
 * power loss.
 */
public enum FsyncPolicy {
  /**
   * Each record is forced before the sender gets its answer: nothing acknowledged is lost, slowest.
   */
  ALWAYS,
  /**
   * A background force every {@code queue.fsync.interval.ms}: a machine crash loses at most that
   * interval.
   */
  INTERVAL,
  /** Left to the operating system. */
  NEVER;

  public static FsyncPolicy parse(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "queue.fsync must be always, interval or never, was '" + value + "'", e);
    }
  }

  /** Makes a new file's directory entry durable (not possible on every platform: best effort). */
  void forceDirectory(Path dir) {
    if (this == NEVER) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory; the entry becomes durable with the next metadata flush.
    }
  }
}
