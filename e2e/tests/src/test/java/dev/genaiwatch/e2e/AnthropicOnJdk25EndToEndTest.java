package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same Anthropic scenarios and assertions with the testapp and agent on JDK 25. Skipped (with
 * the reason) only when the machine has no JDK 25; set {@code GENAI_WATCH_TEST_JDK25} to point at
 * one elsewhere.
 */
class AnthropicOnJdk25EndToEndTest extends AnthropicEndToEndTest {
  @Override
  Path javaHome() {
    return jdk25OrSkip();
  }
}
