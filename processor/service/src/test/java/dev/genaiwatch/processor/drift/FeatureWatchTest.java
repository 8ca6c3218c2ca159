package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genaiwatch.processor.ProcessorConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-feature sequential detector: its normal scores, its thresholds' budget, and when an alarm
 * ends.
 */
class FeatureWatchTest {
  private final SplittableRandom random = new SplittableRandom(11);

  private static DriftSettings settings() throws IOException {
    return DriftSettings.from(
        ProcessorConfig.load(null, Map.of()).with("drift.embedding.enabled", "false"));
  }

  private CallFeatures call(double input, double cachedRatio, String finish) {
    double[] numeric = new double[NumericFeature.values().length];
    Arrays.fill(numeric, Double.NaN);
    numeric[NumericFeature.INPUT_TOKENS.ordinal()] = input;
    numeric[NumericFeature.CACHED_TOKEN_RATIO.ordinal()] = cachedRatio;
    return new CallFeatures(numeric, new String[] {finish, CallFeatures.NONE});
  }

  private CallFeatures steady() {
    double cached = random.nextDouble() < 0.3 ? 0.2 + 0.7 * random.nextDouble() : 0;
    return call(
        Math.round(470 * Math.exp(0.45 * random.nextGaussian())),
        cached,
        random.nextDouble() < 0.05 ? "length" : "stop");
  }

  private ReferenceProfile reference(int calls) {
    List<CallFeatures> reference = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      reference.add(steady());
    }
    return ReferenceProfile.of(reference);
  }

  private static FeatureWatch watch(List<FeatureWatch> watches, String feature) {
    return watches.stream().filter(w -> w.feature.equals(feature)).findFirst().orElseThrow();
  }

  @Test
  void valuesLikeTheReferenceGetStandardNormalScoresEvenWhenMostOfThemTie() throws IOException {
    List<FeatureWatch> watches = FeatureWatch.build(reference(3000), settings());
    for (String feature : List.of("input_tokens", "cached_token_ratio")) {
      FeatureWatch watch = watch(watches, feature);
      NumericFeature numeric = watch.numeric;
      double sum = 0;
      double squares = 0;
      int n = 20_000;
      for (int i = 0; i < n; i++) {
        double z = watch.normalScore(steady().value(numeric), random.nextDouble());
        sum += z;
        squares += z * z;
      }
      double mean = sum / n;
      assertThat(mean).as(feature).isCloseTo(0, within(0.06));
      assertThat(squares / n - mean * mean).as(feature).isCloseTo(1, within(0.06));
    }
  }

  @Test
  void everyDetectorOfAKeySharesTheOneBudget() throws IOException {
    DriftSettings settings = settings();
    List<FeatureWatch> watches = FeatureWatch.build(reference(3000), settings);
    int detectors = watches.stream().mapToInt(FeatureWatch::detectors).sum();
    FeatureWatch finish = watch(watches, "finish_reason");
    double arl = Calibration.perDetectorArl(settings.falseAlarmsPer10k(), detectors);
    assertThat(finish.threshold[0]).isCloseTo(Math.log(arl), within(1e-9));
    DriftSettings stricter =
        DriftSettings.from(
            ProcessorConfig.load(null, Map.of()).with("drift.false.alarms.per.10k", "0.1"));
    assertThat(watch(FeatureWatch.build(reference(3000), stricter), "input_tokens").threshold[0])
        .isGreaterThan(watch(watches, "input_tokens").threshold[0]);
  }

  @Test
  void anAlarmStaysOnWhileTheShiftPersistsAndEndsAfterTwoCleanBlocksOnceItIsGone()
      throws IOException {
    FeatureWatch watch = watch(FeatureWatch.build(reference(3000), settings()), "input_tokens");
    long call = 0;
    long started = -1;
    for (int i = 0; i < 3000; i++) {
      CallFeatures shifted =
          call(Math.round(1.5 * 470 * Math.exp(0.45 * random.nextGaussian())), 0, "stop");
      FeatureWatch.Change change = watch.observe(shifted, ++call, 0L, random, 200);
      assertThat(change).isNotEqualTo(FeatureWatch.Change.ENDED);
      if (change == FeatureWatch.Change.STARTED) {
        started = call;
      }
    }
    assertThat(started).isBetween(1L, 300L);
    long ended = -1;
    for (int i = 0; i < 2000 && ended < 0; i++) {
      if (watch.observe(steady(), ++call, 0L, random, 200) == FeatureWatch.Change.ENDED) {
        ended = call - 3000;
      }
    }
    // Two clean blocks of 200 calls at least.
    assertThat(ended).isGreaterThanOrEqualTo(400);
  }

  @Test
  void aLargeShiftIsDatedWhereItsValuesBeginNotWhereASlightlyHighStretchBefore()
      throws IOException {
    FeatureWatch watch = watch(FeatureWatch.build(reference(3000), settings()), "input_tokens");
    List<CallFeatures> calls = new ArrayList<>();
    // 12 calls a little above the median (what keeps an upward CUSUM off zero), then ×8.
    for (int i = 0; i < 12; i++) {
      calls.add(call(520, 0, "stop"));
    }
    for (int i = 0; i < 7; i++) {
      calls.add(call(8 * 470 * (1 + 0.05 * i), 0, "stop"));
    }
    assertThat(watch.changePoint(calls, 0)).isEqualTo(12);
  }

  @Test
  void aShiftFromTheFirstCallIsDatedAtTheFirstCall() throws IOException {
    FeatureWatch watch = watch(FeatureWatch.build(reference(3000), settings()), "input_tokens");
    List<CallFeatures> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(call(Math.round(1.5 * 470 * Math.exp(0.1 * random.nextGaussian())), 0, "stop"));
    }
    assertThat(watch.changePoint(calls, 0)).isLessThanOrEqualTo(2);
  }

  @Test
  void aRiseOfACategoryIsDatedWhereItsShareRises() throws IOException {
    FeatureWatch watch = watch(FeatureWatch.build(reference(3000), settings()), "finish_reason");
    int side = Arrays.asList(watch.sideCategory).indexOf("length");
    assertThat(watch.sideDirection[side]).isEqualTo(1);
    List<CallFeatures> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(call(470, 0, i % 10 == 0 ? "length" : "stop"));
    }
    for (int i = 0; i < 20; i++) {
      calls.add(call(470, 0, i % 2 == 0 ? "length" : "stop"));
    }
    assertThat(watch.changePoint(calls, side)).isEqualTo(30);
  }
}
