package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The oldest supported Reactor Netty and Apache HttpClient 5 on JDK 25. Skipped (with the reason)
 * only when the machine has no JDK 25.
 */
class WireOnOldestClientsOnJdk25EndToEndTest extends WireOnOldestClientsEndToEndTest {
  @Override
  Path javaHome() {
    return Jdk25.home();
  }
}
