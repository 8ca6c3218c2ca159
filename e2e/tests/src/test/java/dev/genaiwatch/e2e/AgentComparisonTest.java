package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.testing.ForkedJvm;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An application run twice, with the agent and without it for the reference output: the agent must
 * change nothing the application prints, and say nothing while all goes well. Subclasses make both
 * runs in their {@code @BeforeAll} and check the spans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentComparisonTest extends SimulatedBackendTest {
  ForkedJvm.Result withAgent;
  ForkedJvm.Result withoutAgent;

  @Test
  void theAgentLogsNothingInNormalOperation() {
    assertThat(withAgent.genaiWatchLogLines()).as(withAgent.stderr()).isEmpty();
  }

  /**
   * Asserts both runs printed the same, and returns an assertion on the agent run's output for what
   * it must say.
   */
  AbstractStringAssert<?> assertSameApplicationOutput() {
    return assertSameApplicationOutput(withAgent, withoutAgent);
  }
}
