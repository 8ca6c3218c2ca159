package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same scenarios and assertions with the testapp packaged as a real Spring Boot executable jar:
 * the SDK is loaded by Boot's {@code LaunchedClassLoader}, a child of the system class loader that
 * holds the agent, so the spans exist only if the agent's helpers were injected into that child
 * class loader and the library version check ran there.
 */
class SpringBootFatJarEndToEndTest extends OpenAiJavaEndToEndTest {
  @Override
  Path appJar() {
    return AgentRun.testappBootJar();
  }
}
