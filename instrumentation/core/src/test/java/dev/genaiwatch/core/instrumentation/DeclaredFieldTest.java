package dev.genaiwatch.core.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeclaredFieldTest {
  private static final class Service {
    private final Object clientOptions;

    Service(Object clientOptions) {
      this.clientOptions = clientOptions;
    }

    @Override
    public String toString() {
      return String.valueOf(clientOptions);
    }
  }

  private static final class Other {}

  private final DeclaredField clientOptions = new DeclaredField("clientOptions");

  @Test
  void readsAPrivateFieldOfTheInstancesClass() {
    assertThat(clientOptions.readFrom(new Service("options-1"))).isEqualTo("options-1");
    assertThat(clientOptions.readFrom(new Service("options-2"))).isEqualTo("options-2");
  }

  @Test
  void aClassWithoutTheFieldReadsAsNull() {
    assertThat(clientOptions.readFrom(new Other())).isNull();
  }

  @Test
  void noInstanceReadsAsNull() {
    assertThat(clientOptions.readFrom(null)).isNull();
  }
}
