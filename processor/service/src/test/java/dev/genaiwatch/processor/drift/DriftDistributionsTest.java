package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDistributionsTest {
  @Test
  void numericSidesShareTheSameBinsAndEachSumsToOne() {
    double[] reference = {1, 2, 3, 4};
    double[] current = {10, 10, 11};

    Map<String, Object> summary = DriftDistributions.numeric(reference, current);
    double[] edges = (double[]) summary.get("edges");
    double[] ref = (double[]) summary.get("reference");
    double[] cur = (double[]) summary.get("current");

    assertThat(edges).hasSize(DriftDistributions.BINS + 1).startsWith(1.0).endsWith(11.0);
    assertThat(Arrays.stream(ref).sum()).isCloseTo(1.0, offset(1e-9));
    assertThat(Arrays.stream(cur).sum()).isCloseTo(1.0, offset(1e-9));
    assertThat(ref[DriftDistributions.BINS - 1]).isZero();
    assertThat(cur[DriftDistributions.BINS - 1]).isCloseTo(1 / 3.0, offset(1e-9));
  }

  @Test
  void categoriesBeyondTheLargestAreOneOtherBar() {
    Map<String, Integer> reference = new LinkedHashMap<>();
    for (int i = 0; i < DriftDistributions.CATEGORIES + 3; i++) {
      reference.put("c" + i, 100 - i);
    }
    Map<String, Integer> current = Map.of("c0", 1, "new", 3);

    Map<String, Object> summary = DriftDistributions.categorical(reference, current);
    @SuppressWarnings("unchecked")
    List<String> categories = (List<String>) summary.get("categories");
    double[] cur = (double[]) summary.get("current");

    assertThat(categories)
        .hasSize(DriftDistributions.CATEGORIES + 1)
        .startsWith("c0")
        .endsWith("other");
    assertThat(cur[0]).isEqualTo(0.25);
    assertThat(cur[categories.size() - 1]).isEqualTo(0.75);
    assertThat(Arrays.stream((double[]) summary.get("reference")).sum())
        .isCloseTo(1.0, offset(1e-9));
  }
}
