package dev.genaiwatch.testapp.springai;

import java.util.Map;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The one line of the shared scenarios (testapp/spring-ai/common) that differs between Spring AI
 * versions: chat options that make the simulated server answer 500 at once. Spring AI 2.0 sends
 * extra headers through {@code customHeaders}, and the OpenAI SDK under it retries by itself unless
 * told not to.
 */
final class FailingOptions {
  private FailingOptions() {}

  static OpenAiChatOptions serverError() {
    return OpenAiChatOptions.builder()
        .customHeaders(Map.of("X-Sim-Fault", "500"))
        .maxRetries(0)
        .build();
  }
}
