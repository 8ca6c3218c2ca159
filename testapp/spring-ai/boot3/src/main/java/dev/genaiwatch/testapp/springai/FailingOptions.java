package dev.genaiwatch.testapp.springai;

import java.util.Map;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The one line of the shared scenarios (testapp/spring-ai/common) that differs between Spring AI
 * versions: chat options that make the simulated server answer 500 at once. Spring AI 1.1 sends
 * extra headers through {@code httpHeaders}; its retry template is limited in
 * application.properties.
 */
final class FailingOptions {
  private FailingOptions() {}

  static OpenAiChatOptions serverError() {
    return OpenAiChatOptions.builder().httpHeaders(Map.of("X-Sim-Fault", "500")).build();
  }
}
