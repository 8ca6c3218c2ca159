package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a module's helpers may be defined: only where they can reach the agent's core. */
class HelperInjectorTest {
  private static final ClassLoader AGENT = HelperInjectorTest.class.getClassLoader();

  private final HelperInjector helpers =
      new HelperInjector("okhttp", () -> List.of("dev.genaiwatch.Helper"), AGENT);

  @Test
  void aChildOfTheAgentsClassLoaderReachesItsCore() throws Exception {
    try (URLClassLoader child = new URLClassLoader(new URL[0], AGENT)) {
      assertThat(helpers.canLink(child)).isTrue();
    }
  }

  @Test
  void aClassLoaderThatDoesNotDelegateToTheAgentsIsLeftAlone() throws Exception {
    // Like the upstream OpenTelemetry agent's own class loader, holding its exporter's OkHttp.
    try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
      assertThat(helpers.canLink(isolated)).isFalse();
    }
  }

  @Test
  void theAgentsOwnClassLoaderNeedsNoInjection() {
    assertThat(helpers.needsInjection(AGENT)).isFalse();
    assertThat(helpers.canLink(AGENT)).isTrue();
  }

  @Test
  void aClassLoaderTheHelpersCouldNotBeDefinedInIsReportedSoNothingIsWovenThere() throws Exception {
    // The helper is not in the agent jar: its injection fails, and keeps failing.
    try (URLClassLoader child = new URLClassLoader(new URL[0], AGENT)) {
      assertThat(helpers.injectInto(child)).isFalse();
      assertThat(helpers.injectInto(child)).isFalse();
    }
  }

  @Test
  void theAgentsOwnClassLoaderIsReadyWithoutInjection() {
    assertThat(helpers.injectInto(AGENT)).isTrue();
  }
}
