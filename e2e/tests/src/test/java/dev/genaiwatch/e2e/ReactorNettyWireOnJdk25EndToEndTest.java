package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The Reactor Netty / WebClient scenarios and assertions on JDK 25. Skipped (with the reason) only
 * when the machine has no JDK 25.
 */
class ReactorNettyWireOnJdk25EndToEndTest extends ReactorNettyWireEndToEndTest {
  @Override
  Path javaHome() {
    return Jdk25.home();
  }
}
