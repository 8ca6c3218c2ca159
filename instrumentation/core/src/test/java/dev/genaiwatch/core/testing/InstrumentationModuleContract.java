package dev.genaiwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What every instrumentation module promises the agent, checked against the library version its
 * tests run with: the methods its version check requires are there, and so are the helper classes
 * it names. A module's test extends this and adds what is particular to the module.
 */
public abstract class InstrumentationModuleContract {
  protected abstract InstrumentationModule module();

  @Test
  void everyRequiredMethodExistsInTheLibraryVersionBuiltAgainst() throws Exception {
    for (MethodReference ref : module().requiredMethods()) {
      Class<?> type = Class.forName(ref.className());
      assertThat(
              Arrays.stream(type.getMethods())
                  .anyMatch(
                      m ->
                          m.getName().equals(ref.methodName())
                              && m.getParameterCount() == ref.parameterCount()))
          .as(ref.toString())
          .isTrue();
    }
  }

  @Test
  void helperClassesExist() throws Exception {
    for (String helper : module().helperClassNames()) {
      assertThat(Class.forName(helper)).isNotNull();
    }
  }
}
