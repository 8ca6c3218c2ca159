package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same Anthropic scenarios and assertions on the oldest supported Anthropic Java SDK (3.0.0,
 * the oldest 3.x that resolves): the testapp classes are identical, only the SDK on the
 * application's class path differs. Together with the default run on 3.16.0 this covers both ends
 * of the declared range.
 */
class AnthropicOldestSdkEndToEndTest extends AnthropicEndToEndTest {
  @Override
  Path appJar() {
    return AgentRun.testappOnOldestAnthropicSdkJar();
  }
}
