package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same scenarios and assertions on the oldest supported OpenAI Java SDK (4.0.0): the testapp
 * classes are identical, only the SDK on the application's class path differs. Together with the
 * default run on 4.101.0 this covers both ends of the declared range.
 */
class OpenAiJavaOldestSdkEndToEndTest extends OpenAiJavaEndToEndTest {
  @Override
  Path appJar() {
    return AgentRun.testappOnOldestSdkJar();
  }
}
