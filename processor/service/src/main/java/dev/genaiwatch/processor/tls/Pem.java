package dev.genaiwatch.processor.tls;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** File checks shared by the server and client TLS settings. */
final class Pem {
  private Pem() {}

  static File readable(String key, String path) {
    Path file = Path.of(path);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(key + ": cannot read " + path);
    }
    return file.toFile();
  }

  /** The innermost cause's message: what the TLS library actually objected to. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
