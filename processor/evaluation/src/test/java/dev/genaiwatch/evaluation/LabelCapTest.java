package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelCapTest {
  @Test
  void theFirstValuesPassAndLaterNewOnesBecomeOther() {
    LabelCap cap = new LabelCap(3);
    assertThat(cap.apply("a")).isEqualTo("a");
    assertThat(cap.apply("b")).isEqualTo("b");
    assertThat(cap.apply("c")).isEqualTo("c");
    assertThat(cap.apply("d")).isEqualTo("other");
    assertThat(cap.apply("a")).isEqualTo("a");
  }

  @Test
  void aHundredThousandRandomModelNamesYieldAtMostTheCapPlusOther() {
    LabelCap cap = new LabelCap(500);
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      labels.add(cap.apply("model-" + Integer.toHexString(i * 0x9E3779B1)));
    }
    assertThat(labels).hasSize(501).contains("other");
  }

  @Test
  void nullIsTheEmptyLabel() {
    assertThat(new LabelCap(1).apply(null)).isEmpty();
  }
}
