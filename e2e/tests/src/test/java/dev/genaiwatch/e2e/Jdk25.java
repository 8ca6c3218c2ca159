package dev.genaiwatch.e2e;

import dev.genaiwatch.testing.ForkedJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDK 25 the {@code *OnJdk25EndToEndTest} variants run their forked JVMs on. A test is skipped
 * (with the reason) only when the machine has none; {@code GENAI_WATCH_TEST_JDK25} points at one
 * elsewhere.
 */
final class Jdk25 {
  private Jdk25() {}

  static Path home() {
    Path jdk = ForkedJvm.Jdks.jdk25();
    Assumptions.assumeTrue(
        jdk != null, "no JDK 25 found under /usr/lib/jvm and GENAI_WATCH_TEST_JDK25 is not set");
    return jdk;
  }
}
