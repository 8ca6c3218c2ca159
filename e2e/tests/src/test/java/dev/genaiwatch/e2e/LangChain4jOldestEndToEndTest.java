package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same scenarios and assertions on the oldest supported LangChain4j (1.0.0): the testapp
 * classes are identical, only LangChain4j on the application's class path differs. Together with
 * the default run on 1.19.0 this covers both ends of the declared range.
 */
class LangChain4jOldestEndToEndTest extends LangChain4jEndToEndTest {
  @Override
  Path appJar() {
    return AgentRun.testappOnOldestLangChain4jJar();
  }
}
