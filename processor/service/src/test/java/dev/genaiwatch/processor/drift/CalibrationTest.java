package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void theKnobIsSplitEvenlyOverEveryDetectorOfTheKey() {
    assertThat(Calibration.perDetectorArl(1, 20)).isEqualTo(200_000);
    assertThat(Calibration.perDetectorArl(2, 20)).isEqualTo(100_000);
  }

  @Test
  void aKnobThatIsNotPositiveIsAClearError() {
    assertThatThrownBy(() -> Calibration.perDetectorArl(0, 20))
        .hasMessageContaining("drift.false.alarms.per.10k");
  }

  @Test
  void theNormalThresholdGivesTheRequestedArlBySiegmundsFormula() {
    double h = Calibration.normalThreshold(200_000, 0.125);
    assertThat(Calibration.siegmundArl(h + 1.166, 0.125)).isCloseTo(200_000, within(1.0));
  }

  @Test
  void aSmallerReferenceGetsAHigherThreshold() {
    double large =
        Calibration.normalThreshold(200_000, Calibration.effectiveAllowance(0.125, 5000));
    double small = Calibration.normalThreshold(200_000, Calibration.effectiveAllowance(0.125, 500));
    assertThat(small).isGreaterThan(large);
  }

  @Test
  void theSimulatedInControlRunLengthOfACusumIsAtLeastItsTarget() {
    // ARL 2,000 so that the simulation is short; 200 runs of standard normal scores.
    double k = 0.125;
    double h = Calibration.normalThreshold(2_000, k);
    SplittableRandom random = new SplittableRandom(42);
    long total = 0;
    int runs = 200;
    for (int r = 0; r < runs; r++) {
      double s = 0;
      long n = 0;
      while (s <= h) {
        double z = Calibration.normalQuantile(Math.max(1e-12, random.nextDouble()));
        s = Math.max(0, s + z - k);
        n++;
      }
      total += n;
    }
    // Siegmund's approximation is accurate to a few per cent; the mean of 200 runs to about 7 %.
    assertThat(total / (double) runs).isGreaterThan(2_000 * 0.8);
  }

  @Test
  void theNormalQuantileInvertsTheNormalDistribution() {
    assertThat(Calibration.normalQuantile(0.5)).isCloseTo(0, within(1e-9));
    assertThat(Calibration.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(Calibration.normalQuantile(0.001)).isCloseTo(-3.090232, within(1e-6));
  }
}
