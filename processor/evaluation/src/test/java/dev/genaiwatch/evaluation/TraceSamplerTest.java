package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceSamplerTest {

  private static byte[][] traceIds(int n) {
    Random r = new Random(7);
    byte[][] ids = new byte[n][16];
    for (byte[] id : ids) {
      r.nextBytes(id);
    }
    return ids;
  }

  @Test
  void sameTraceIdAlwaysGetsTheSameDecision() {
    for (byte[] id : traceIds(200)) {
      assertThat(new TraceSampler(0.3).sampled(id))
          .isEqualTo(new TraceSampler(0.3).sampled(id.clone()));
    }
  }

  @Test
  void raisingTheRateKeepsEveryEarlierSampledTrace() {
    TraceSampler low = new TraceSampler(0.1);
    TraceSampler high = new TraceSampler(0.4);
    int lowCount = 0;
    for (byte[] id : traceIds(5000)) {
      if (low.sampled(id)) {
        lowCount++;
        assertThat(high.sampled(id)).isTrue();
      }
    }
    assertThat(lowCount).isPositive();
  }

  @Test
  void sampledShareFollowsTheRate() {
    TraceSampler sampler = new TraceSampler(0.3);
    int sampled = 0;
    for (byte[] id : traceIds(20_000)) {
      if (sampler.sampled(id)) {
        sampled++;
      }
    }
    // Binomial(20000, 0.3) has a standard deviation of ~65; 0.28..0.32 is 6 deviations either side.
    assertThat(sampled / 20_000.0).isBetween(0.28, 0.32);
  }

  @Test
  void rateZeroSamplesNothingAndRateOneEverything() {
    for (byte[] id : traceIds(100)) {
      assertThat(new TraceSampler(0).sampled(id)).isFalse();
      assertThat(new TraceSampler(1).sampled(id)).isTrue();
    }
  }
}
