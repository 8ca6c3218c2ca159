package dev.genaiwatch.processor.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A value built from files and built again when any of them changes, checked at most once per
 * interval by the thread that asks for it (a TLS handshake). A rebuild that fails (half-written
 * files, a key that does not match its certificate) keeps the previous value and logs one line; the
 * next change is tried again.
 */
final class ReloadedFromFiles<T> {
  private static final Logger LOG = Logger.getLogger(ReloadedFromFiles.class.getName());

  private final String what;
  private final List<Path> files;
  private final Supplier<T> build;
  private final long intervalNanos;
  private volatile T current;
  private volatile long nextCheck;
  private FileTime[] times;

  /**
   * @param what named in the log lines, e.g. "TLS certificate"
   * @param intervalMillis 0 reads the files once, at construction
   * @throws RuntimeException from {@code build} when the files cannot be used at start
   */
  ReloadedFromFiles(String what, long intervalMillis, Supplier<T> build, Path... files) {
    this.what = what;
    this.files = List.of(files);
    this.build = build;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.times = modified();
    this.current = build.get();
    this.nextCheck = System.nanoTime() + intervalNanos;
  }

  T get() {
    if (intervalNanos > 0 && System.nanoTime() - nextCheck >= 0) {
      reloadIfChanged();
    }
    return current;
  }

  /** The value as last built, without checking the files (for calls made mid-handshake). */
  T current() {
    return current;
  }

  private FileTime[] modified() {
    FileTime[] result = new FileTime[files.size()];
    for (int i = 0; i < result.length; i++) {
      try {
        result[i] = Files.getLastModifiedTime(files.get(i));
      } catch (IOException e) {
        result[i] = FileTime.fromMillis(0);
      }
    }
    return result;
  }

  private synchronized void reloadIfChanged() {
    if (System.nanoTime() - nextCheck < 0) {
      return;
    }
    nextCheck = System.nanoTime() + intervalNanos;
    FileTime[] now = modified();
    if (Arrays.equals(now, times)) {
      return;
    }
    times = now;
    try {
      current = build.get();
      LOG.info("[genai-watch-processor] " + what + " reloaded from " + files.get(0));
    } catch (RuntimeException e) {
      LOG.warning("[genai-watch-processor] keeping the previous " + what + ": " + e.getMessage());
    }
  }
}
