package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same Google Gen AI SDK scenarios and assertions with the testapp and agent on JDK 25. Skipped
 * (with the reason) only when the machine has no JDK 25; set {@code GENAI_WATCH_TEST_JDK25} to
 * point at one elsewhere.
 */
class GoogleGenAiOnJdk25EndToEndTest extends GoogleGenAiEndToEndTest {
  @Override
  Path javaHome() {
    return Jdk25.home();
  }
}
