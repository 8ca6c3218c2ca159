package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code -javaagent:opentelemetry-javaagent} first: its openai-java instrumentation is installed
 * before genai-watch starts, so genai-watch defers to it for that library and says so once.
 */
class UpstreamOtelAgentBeforeGenAiWatchEndToEndTest extends UpstreamOtelAgentEndToEndTest {
  @Override
  boolean genaiWatchFirst() {
    return false;
  }

  @Test
  void theUpstreamAgentOwnsTheGenAiSpansAndGenaiWatchSaysSo() {
    assertThat(genAiSpans).isNotEmpty().noneMatch(s -> GENAI_WATCH_SCOPE.equals(s.scopeName()));
    assertThat(withAgents.genaiWatchLogLines())
        .as(withAgents.stderr())
        .anyMatch(line -> line.contains("leaves openai-java to it"))
        .noneMatch(line -> line.contains("WARN"));
  }
}
