package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {
  private static final double[] ZERO_TO_99 = IntStream.range(0, 100).asDoubleStream().toArray();

  @Test
  void psiOfASampleWithItselfIsZero() {
    assertThat(DriftStatistics.psi(ZERO_TO_99, ZERO_TO_99)).isCloseTo(0, within(1e-12));
  }

  @Test
  void psiWhenEverythingMovesToTheFirstDecile() {
    // Reference: ten bins of 10%. Current: all in the first bin, the nine others get Evidently's
    // 0.0001 fill.
    double[] firstDecile = IntStream.range(0, 100).mapToDouble(i -> i % 10).toArray();
    double expected = (1 - 0.1) * Math.log(1 / 0.1) + 9 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1);
    assertThat(DriftStatistics.psi(ZERO_TO_99, firstDecile)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void ksPValueOfTwoDisjointSamplesOfFiveIsTheExactTwoIn252() {
    // P(D >= 1) for n = m = 5: 2 of the C(10,5) = 252 orderings separate the samples completely.
    double p =
        DriftStatistics.ksPValue(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10});
    assertThat(p).isCloseTo(2.0 / 252, within(1e-6));
  }

  @Test
  void ksPValueOfTheSameConstantIsOne() {
    assertThat(DriftStatistics.ksPValue(new double[] {3, 3, 3}, new double[] {3, 3}))
        .isEqualTo(1.0);
  }

  @Test
  void wassersteinMatchesScipysDocumentedExamples() {
    assertThat(DriftStatistics.wasserstein(new double[] {0, 1, 3}, new double[] {5, 6, 8}))
        .isCloseTo(5.0, within(1e-12));
    assertThat(
            DriftStatistics.wasserstein(new double[] {3.4, 3.9, 7.5, 7.8}, new double[] {4.5, 1.4}))
        .isCloseTo(2.7, within(1e-12));
  }

  @Test
  void wassersteinIsNormalisedByTheReferenceStandardDeviation() {
    double[] reference = {0, 1, 3};
    double std = Math.sqrt((16.0 / 9 + 1.0 / 9 + 25.0 / 9) / 2);
    assertThat(DriftStatistics.wassersteinNormed(reference, new double[] {5, 6, 8}))
        .isCloseTo(5.0 / std, within(1e-12));
  }

  @Test
  void wassersteinOfAConstantReferenceIsNormalisedByItsMean() {
    assertThat(DriftStatistics.wassersteinNormed(new double[] {10, 10}, new double[] {15, 15}))
        .isCloseTo(0.5, within(1e-12));
  }

  @Test
  void jensenShannonDistanceIsZeroForTheSameMixAndOneForDisjointCategories() {
    assertThat(
            DriftStatistics.jensenShannonDistance(
                List.of("stop", "length"), List.of("length", "stop")))
        .isCloseTo(0, within(1e-12));
    assertThat(DriftStatistics.jensenShannonDistance(List.of("stop"), List.of("length")))
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void jensenShannonDistanceMatchesScipyForHalfAgainstAll() {
    // scipy.spatial.distance.jensenshannon([.5, .5], [1, 0], base=2) = 0.5579...
    double divergence =
        0.5 * (0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25)) + 0.5 * log2(1 / 0.75);
    assertThat(DriftStatistics.jensenShannonDistance(List.of("a", "b"), List.of("a", "a")))
        .isCloseTo(Math.sqrt(divergence), within(1e-12))
        .isCloseTo(0.5579, within(1e-4));
  }

  @Test
  void chiSquareOfOneCategoryIsOneAndOfOppositeMixesIsSignificant() {
    assertThat(DriftStatistics.chiSquarePValue(List.of("stop", "stop"), List.of("stop")))
        .isEqualTo(1.0);
    List<String> mostlyStop = Collections.nCopies(18, "stop");
    List<String> mostlyLength = Collections.nCopies(18, "length");
    assertThat(DriftStatistics.chiSquarePValue(mostlyStop, mostlyLength)).isLessThan(1e-6);
    assertThat(
            DriftStatistics.chiSquarePValue(List.of("stop", "length"), List.of("length", "stop")))
        .isCloseTo(1.0, within(1e-9));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
