package dev.genaiwatch.e2e;

import dev.genaiwatch.simulator.SimulatedLlmServer;
import java.nio.file.Path;

/**
 * Spring AI 2.0.1 on Spring Boot 4.0.7 (module testapp/spring-ai/boot4), an executable Boot jar.
 * Spring AI 2.0's OpenAI module calls the OpenAI Java SDK, which genai-watch also instruments: the
 * test's one-CLIENT-span-per-request check covers that the SDK-level instrumentation stands back.
 */
class SpringAiBoot4EndToEndTest extends SpringAiEndToEndTestBase {
  @Override
  Path appJar() {
    return AgentRun.springAiBoot4Jar();
  }

  @Override
  String providerErrorClassPrefix() {
    return "com.openai.errors.";
  }

  /** The OpenAI SDK's base URL includes the API version path. */
  @Override
  String springAiBaseUrl(SimulatedLlmServer server) {
    return server.baseUrl();
  }
}
