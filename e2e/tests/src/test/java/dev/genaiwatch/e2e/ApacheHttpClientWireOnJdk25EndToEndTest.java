package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The Apache HttpClient 5 scenarios and assertions on JDK 25. Skipped (with the reason) only when
 * the machine has no JDK 25.
 */
class ApacheHttpClientWireOnJdk25EndToEndTest extends ApacheHttpClientWireEndToEndTest {
  @Override
  Path javaHome() {
    return Jdk25.home();
  }
}
