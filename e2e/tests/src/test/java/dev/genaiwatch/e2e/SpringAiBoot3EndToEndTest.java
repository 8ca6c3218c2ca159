package dev.genaiwatch.e2e;

import dev.genaiwatch.simulator.SimulatedLlmServer;
import java.nio.file.Path;

/**
 * Spring AI 1.1.2 on Spring Boot 3.5.7 (module testapp/spring-ai/boot3), an executable Boot jar.
 */
class SpringAiBoot3EndToEndTest extends SpringAiEndToEndTestBase {
  @Override
  Path appJar() {
    return AgentRun.springAiBoot3Jar();
  }

  @Override
  String providerErrorClassPrefix() {
    return "org.springframework.ai.retry.";
  }

  @Override
  String springAiBaseUrl(SimulatedLlmServer server) {
    String base = server.baseUrl();
    return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
  }
}
