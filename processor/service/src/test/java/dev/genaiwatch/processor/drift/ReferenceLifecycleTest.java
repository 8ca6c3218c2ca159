package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How a key's reference is learnt, refreshed and pinned. */
class ReferenceLifecycleTest {
  private final SplittableRandom random = new SplittableRandom(5);

  private static DriftSettings settings(String... keyValues) throws IOException {
    ProcessorConfig config =
        ProcessorConfig.load(null, Map.of())
            .with("drift.embedding.enabled", "false")
            .with("drift.reference.size", "500");
    for (int i = 0; i < keyValues.length; i += 2) {
      config = config.with(keyValues[i], keyValues[i + 1]);
    }
    return DriftSettings.from(config);
  }

  private CallFeatures call(double median) {
    double[] numeric = new double[NumericFeature.values().length];
    Arrays.fill(numeric, Double.NaN);
    numeric[NumericFeature.INPUT_TOKENS.ordinal()] =
        Math.round(median * Math.exp(0.3 * random.nextGaussian()));
    return new CallFeatures(numeric, new String[] {"stop", CallFeatures.NONE});
  }

  private void feed(KeyState state, DriftSettings settings, int calls, double median) {
    for (int i = 0; i < calls; i++) {
      state.add(call(median), settings);
    }
  }

  @Test
  void aKeyLearnsUntilItsReferenceIsCompleteAndOnlyThenWatches() throws IOException {
    DriftSettings settings = settings();
    KeyState state = new KeyState(new DriftKey("s", "m", "chat"));
    feed(state, settings, 499, 400);
    assertThat(state.learning()).isTrue();
    assertThat(state.learnt()).isEqualTo(499);
    assertThat(state.watches).isEmpty();
    feed(state, settings, 1, 400);
    assertThat(state.learning()).isFalse();
    assertThat(state.reference.calls).isEqualTo(500);
    assertThat(state.watches).containsKeys("input_tokens", "finish_reason");
  }

  @Test
  void aScheduledRefreshLearnsANewReferenceFromAlarmFreeTraffic() throws IOException {
    DriftSettings settings = settings("drift.reference.refresh.calls", "1000");
    KeyState state = new KeyState(new DriftKey("s", "m", "chat"));
    feed(state, settings, 500, 400);
    ReferenceProfile first = state.reference;
    // Due at call 1,500 (1,000 calls after the first reference); that call and the next 499 are the
    // new one.
    feed(state, settings, 1000 + 498, 400);
    assertThat(state.reference).isSameAs(first);
    feed(state, settings, 1, 400);
    assertThat(state.reference).isNotSameAs(first);
    assertThat(state.referenceBuiltAtCall).isEqualTo(1999);
  }

  @Test
  void noRefreshWhileAnAlarmIsActive() throws IOException {
    DriftSettings settings = settings("drift.reference.refresh.calls", "1000");
    KeyState state = new KeyState(new DriftKey("s", "m", "chat"));
    feed(state, settings, 500, 400);
    ReferenceProfile first = state.reference;
    feed(state, settings, 3000, 800);
    assertThat(state.alarms.get("input_tokens").active).isTrue();
    assertThat(state.reference).isSameAs(first);
  }

  @Test
  void aPinnedWindowIsTheReferenceAtOnceAndGrowsToTheFullSize() throws IOException {
    DriftSettings settings = settings();
    KeyState state = new KeyState(new DriftKey("s", "m", "chat"));
    feed(state, settings, 500 + 200, 400);
    state.pinBaseline(settings);
    assertThat(state.reference.calls).isEqualTo(200);
    feed(state, settings, 299, 400);
    assertThat(state.reference.calls).isEqualTo(200);
    feed(state, settings, 1, 400);
    assertThat(state.reference.calls).isEqualTo(500);
    assertThat(state.pinned).isTrue();
  }
}
