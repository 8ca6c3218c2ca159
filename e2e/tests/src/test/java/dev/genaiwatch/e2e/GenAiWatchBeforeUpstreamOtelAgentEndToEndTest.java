package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code -javaagent:genai-watch} first: genai-watch owns the GenAI spans and turns the upstream one
 * off.
 */
class GenAiWatchBeforeUpstreamOtelAgentEndToEndTest extends UpstreamOtelAgentEndToEndTest {
  @Override
  boolean genaiWatchFirst() {
    return true;
  }

  @Test
  void genaiWatchOwnsTheGenAiSpans() {
    assertThat(genAiSpans).isNotEmpty().allMatch(s -> GENAI_WATCH_SCOPE.equals(s.scopeName()));
    assertThat(withAgents.genaiWatchLogLines()).as(withAgents.stderr()).isEmpty();
  }
}
