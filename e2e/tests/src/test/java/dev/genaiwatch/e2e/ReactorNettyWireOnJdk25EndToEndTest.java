package dev.genaiwatch.e2e;

import dev.genaiwatch.testing.ForkedJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The Reactor Netty / WebClient scenarios and assertions on JDK 25. Skipped (with the reason) only
 * when the machine has no JDK 25.
 */
class ReactorNettyWireOnJdk25EndToEndTest extends ReactorNettyWireEndToEndTest {
  @Override
  Path javaHome() {
    Path jdk = ForkedJvm.Jdks.jdk25();
    Assumptions.assumeTrue(
        jdk != null, "no JDK 25 found under /usr/lib/jvm and GENAI_WATCH_TEST_JDK25 is not set");
    return jdk;
  }
}
