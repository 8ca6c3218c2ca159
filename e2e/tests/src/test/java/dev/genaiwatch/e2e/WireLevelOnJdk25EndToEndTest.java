package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The wire-level scenarios and assertions on JDK 25, whose {@code java.net.http} internals differ
 * from 17's. Skipped (with the reason) only when the machine has no JDK 25.
 */
class WireLevelOnJdk25EndToEndTest extends WireLevelEndToEndTest {
  @Override
  Path javaHome() {
    return Jdk25.home();
  }
}
