package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same Google Gen AI SDK scenarios and assertions on the oldest supported SDK (1.61.0, the
 * oldest that resolves): the testapp classes are identical, only the SDK on the application's class
 * path differs. Together with the default run on 2.3.0 this covers both ends of the declared range.
 */
class GoogleGenAiOldestSdkEndToEndTest extends GoogleGenAiEndToEndTest {
  @Override
  Path appJar() {
    return AgentRun.testappOnOldestGoogleGenAiSdkJar();
  }
}
