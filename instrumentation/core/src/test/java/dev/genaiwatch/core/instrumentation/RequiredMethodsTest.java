package dev.genaiwatch.core.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequiredMethodsTest {
  @Test
  void tableLinesAreMethodsInOrderAndCommentsAndBlankLinesArePassedOver() {
    assertThat(
            RequiredMethods.parse(
                "t",
                "# the marker first\ncom.example.Client baseUrl 0\n\n  com.example.Service"
                    + "   create 2  \n"))
        .containsExactly(
            new MethodReference("com.example.Client", "baseUrl", 0),
            new MethodReference("com.example.Service", "create", 2));
  }

  @Test
  void aLineOfAnotherFormIsAnErrorNamingTheTableAndTheLine() {
    assertThatThrownBy(() -> RequiredMethods.parse("x.required-methods", "a b 1\na b two\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("x.required-methods line 2")
        .hasMessageContaining("'a b two'");
  }

  @Test
  void aTableWithoutMethodsIsAnError() {
    assertThatThrownBy(() -> RequiredMethods.parse("empty", "# nothing\n"))
        .hasMessageContaining("empty lists no method");
  }

  @Test
  void aModuleWithoutTableIsAnErrorNamingTheResource() {
    assertThatThrownBy(() -> RequiredMethods.listedFor(RequiredMethodsTest.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RequiredMethodsTest.required-methods");
  }
}
