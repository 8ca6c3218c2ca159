package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.testing.ForkedJvm;
import java.util.List;

/**
 * What shows that the agent never built ByteBuddy in a forked JVM: its {@code -Xlog:class+load} log
 * has neither ByteBuddy's agent builder nor its advice, and the agent never logged the build.
 */
final class ByteBuddyAbsence {
  private static final String AGENT_BUILDER =
      "shaded.net.bytebuddy.agent.builder.AgentBuilder$Default ";
  private static final String ADVICE = "shaded.net.bytebuddy.asm.Advice ";

  private ByteBuddyAbsence() {}

  static void assertNeverBuilt(List<String> classesLoaded, ForkedJvm.Result run) {
    assertThat(classesLoaded).as("class-load log").isNotEmpty();
    assertThat(classesLoaded).noneMatch(line -> line.contains(AGENT_BUILDER));
    assertThat(classesLoaded).noneMatch(line -> line.contains(ADVICE));
    assertThat(run.genaiWatchLogLines())
        .noneMatch(line -> line.contains("class transformer built"));
  }
}
