package dev.genaiwatch.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads rubric prompts: {@code <dir>/<name>.txt} from the configured override directory when
 * present, else the bundled {@code rubrics/<name>.txt}. Loaded once at start, so a bad override
 * fails at startup.
 */
final class Rubrics {
  private Rubrics() {}

  static List<Rubric> load(List<String> names, Path overrideDir) {
    List<Rubric> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(Rubric.builtIn(name, prompt(name, overrideDir)));
    }
    return out;
  }

  private static String prompt(String name, Path overrideDir) {
    if (overrideDir != null) {
      Path file = overrideDir.resolve(name + ".txt");
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("genai-watch evaluation: cannot read rubric " + file, e);
        }
      }
    }
    try (InputStream in = Rubrics.class.getResourceAsStream("/rubrics/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("genai-watch evaluation: bundled rubric missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
