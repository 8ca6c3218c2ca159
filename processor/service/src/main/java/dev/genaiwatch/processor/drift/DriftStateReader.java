package dev.genaiwatch.processor.drift;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a processor's saved drift state ({@code <data.dir>/drift-state.json}) for the HTML report,
 * without touching it: the store's own loader moves an unusable file aside, so it runs on a copy.
 */
public final class DriftStateReader {
  private DriftStateReader() {}

  /**
   * The keys as {@code GET /api/drift} lists them (without the in-memory statistic history).
   *
   * @param fileOrDataDir the state file, or the data directory holding it
   * @throws IOException when there is no such file or it is not a drift state
   */
  public static List<Map<String, Object>> read(Path fileOrDataDir, DriftSettings settings)
      throws IOException {
    Path file =
        Files.isDirectory(fileOrDataDir)
            ? fileOrDataDir.resolve("drift-state.json")
            : fileOrDataDir;
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException("no readable drift state file at " + file);
    }
    Path copyDir = Files.createTempDirectory("genai-watch-report");
    try {
      Path copy = copyDir.resolve("drift-state.json");
      Files.copy(file, copy);
      List<KeyState> states = new DriftStateStore(copyDir, settings, Long.MAX_VALUE).load();
      // The loader moves a file it cannot parse aside.
      if (!Files.exists(copy)) {
        throw new IOException(file + " is not a genai-watch drift state file");
      }
      return DriftView.of(states, settings);
    } finally {
      try (Stream<Path> files = Files.walk(copyDir)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
