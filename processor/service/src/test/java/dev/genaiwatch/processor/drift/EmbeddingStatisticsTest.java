package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingStatisticsTest {

  @Test
  void cosineDistanceIsZeroForTheSameDirectionAndOneForOrthogonalVectors() {
    assertThat(EmbeddingStatistics.cosineDistance(new float[] {1, 2}, new float[] {2, 4}))
        .isCloseTo(0, within(1e-9));
    assertThat(EmbeddingStatistics.cosineDistance(new float[] {1, 0}, new float[] {0, 3}))
        .isCloseTo(1, within(1e-9));
  }

  @Test
  void centroidIsTheMean() {
    assertThat(EmbeddingStatistics.centroid(List.of(new float[] {0, 2}, new float[] {2, 4})))
        .containsExactly(1f, 3f);
  }

  @Test
  void mmdOfASetWithItselfIsZero() {
    List<float[]> sample = gaussian(20, 0, 1);
    assertThat(EmbeddingStatistics.mmd(sample, sample, 50, 1).mmd2()).isCloseTo(0, within(1e-12));
  }

  @Test
  void mmdOfTwoSamplesOfOneDistributionIsNotSignificant() {
    EmbeddingStatistics.MmdResult result =
        EmbeddingStatistics.mmd(gaussian(30, 0, 2), gaussian(30, 0, 3), 200, 1);
    assertThat(result.pValue()).isGreaterThan(0.05);
  }

  @Test
  void mmdOfShiftedSamplesIsSignificantAtThePermutationFloor() {
    EmbeddingStatistics.MmdResult result =
        EmbeddingStatistics.mmd(gaussian(30, 0, 2), gaussian(30, 3, 3), 200, 1);
    assertThat(result.mmd2()).isPositive();
    // No permutation is as extreme as the real split: p = 1 / (permutations + 1).
    assertThat(result.pValue()).isCloseTo(1.0 / 201, within(1e-12));
  }

  private static List<float[]> gaussian(int n, double shift, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[8];
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) (gaussian(random) + (d == 0 ? shift : 0));
      }
      vectors.add(v);
    }
    return vectors;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
