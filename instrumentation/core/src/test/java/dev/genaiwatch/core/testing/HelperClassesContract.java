package dev.genaiwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The helper classes injected next to a library follow from the naming rule, not from a hand-kept
 * list: every class of the module's package but the module and its advice, and none of the
 * package's test classes. A module's {@code HelperClassesTest} extends this and names the helpers
 * it expects.
 */
public abstract class HelperClassesContract {
  protected abstract InstrumentationModule module();

  /** Simple names (with {@code $} for nested classes) of helpers the module must have. */
  protected abstract List<String> expectedHelpers();

  private String packagePrefix() {
    return module().getClass().getPackageName() + ".";
  }

  @Test
  void everyClassOfThePackageButTheModuleAndTheAdviceIsAHelper() {
    assertThat(module().helperClassNames())
        .containsAll(expectedHelpers().stream().map(n -> packagePrefix() + n).toList());
  }

  @Test
  void theModuleAndItsAdviceAreNotInjected() {
    assertThat(module().helperClassNames())
        .allMatch(name -> !name.contains("Advice") && !name.contains("InstrumentationModule"))
        .doesNotHaveDuplicates();
  }

  @Test
  void testClassesOfThePackageAreNotHelpers() {
    assertThat(module().helperClassNames())
        .isNotEmpty()
        .doesNotContain(getClass().getName(), packagePrefix() + "SdkJson")
        .noneMatch(name -> name.endsWith("Test"));
  }
}
