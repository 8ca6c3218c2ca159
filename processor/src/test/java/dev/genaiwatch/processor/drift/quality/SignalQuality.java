package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signal-quality measurements: false alarms on stationary traffic, and detection delay and flaps for each
 * shift. Every run first lets the key learn its reference ({@code drift.reference.size} calls), then measures.
 */
final class SignalQuality {
  /** Stationary calls measured per seed, after the reference is learnt. */
  static final int STATIONARY_CALLS = 10_000;
  /** Steady calls after the reference and before a shift starts. */
  static final int CALLS_BEFORE_SHIFT = 1_000;
  /** How long a shift persists (flaps are counted over this span). */
  static final int SHIFT_CALLS = 3_000;

  /** Tuning seeds: the thresholds' design was looked at on these. */
  static final List<Long> TUNING_SEEDS = List.of(1L, 2L, 3L);
  /**
   * Validation seeds: measured, not tuned on, but looked at once before the last design change (the fall of a
   * dominant category became "the others tripling" after these showed flaps on the error shift).
   */
  static final List<Long> VALIDATION_SEEDS = List.of(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L);
  /** Held-out seeds: never run before the design was frozen; only the report runs them. */
  static final List<Long> HELD_OUT_SEEDS = List.of(201L, 202L, 203L, 204L, 205L, 206L, 207L, 208L, 209L, 210L);

  private SignalQuality() {}

  record Stationary(long seed, int falseAlarms, Map<String, Integer> byFeature, double alarmedShare,
      List<QualityRun.Alarm> alarms) {
    double per10k() {
      return falseAlarms * 10_000.0 / STATIONARY_CALLS;
    }
  }

  /** {@code delay} is calls from the shift's first call to the alarm (1 = on the first call); -1 when missed. */
  record Detection(long seed, Shift shift, long delay, int flaps, int falseAlarmsBefore, List<String> alsoAlarmed,
      String effect) {
    boolean detected() {
      return delay > 0;
    }
  }

  static Stationary stationary(DriftSettings settings, long seed) {
    long learn = settings.referenceSize();
    List<QualityRun.Alarm> alarms = QualityRun.run(settings, new SyntheticTraffic(seed, Shift.NONE, Long.MAX_VALUE),
        learn + STATIONARY_CALLS);
    Map<String, Integer> byFeature = new TreeMap<>();
    int starts = 0;
    for (QualityRun.Alarm alarm : alarms) {
      if (alarm.started()) {
        starts++;
        byFeature.merge(alarm.feature(), 1, Integer::sum);
      }
    }
    return new Stationary(seed, starts, byFeature, alarmedShare(alarms, learn, learn + STATIONARY_CALLS), alarms);
  }

  /** Share of the measured calls during which at least one alarm of the key was active. */
  private static double alarmedShare(List<QualityRun.Alarm> alarms, long from, long to) {
    Map<String, Long> activeSince = new TreeMap<>();
    long alarmed = 0;
    long openSince = -1;
    for (QualityRun.Alarm alarm : alarms) {
      if (alarm.started()) {
        if (activeSince.isEmpty()) {
          openSince = alarm.call();
        }
        activeSince.put(alarm.feature(), alarm.call());
      } else {
        activeSince.remove(alarm.feature());
        if (activeSince.isEmpty() && openSince >= 0) {
          alarmed += alarm.call() - openSince;
          openSince = -1;
        }
      }
    }
    if (openSince >= 0) {
      alarmed += to - openSince;
    }
    return alarmed / (double) (to - from);
  }

  static Detection shift(DriftSettings settings, long seed, Shift shift) {
    long shiftAt = settings.referenceSize() + CALLS_BEFORE_SHIFT + 1;
    List<QualityRun.Alarm> alarms = QualityRun.run(settings, new SyntheticTraffic(seed, shift, shiftAt),
        shiftAt + SHIFT_CALLS - 1);
    long delay = -1;
    int flaps = 0;
    int before = 0;
    String effect = null;
    java.util.Set<String> also = new java.util.TreeSet<>();
    for (QualityRun.Alarm alarm : alarms) {
      if (alarm.call() < shiftAt) {
        before += alarm.started() ? 1 : 0;
        continue;
      }
      if (shift.expectedFeatures.contains(alarm.feature())) {
        if (alarm.started() && delay < 0) {
          delay = alarm.call() - shiftAt + 1;
          effect = alarm.effect();
        } else if (!alarm.started() && delay > 0) {
          flaps++;
        }
      } else if (alarm.started()) {
        also.add(alarm.feature());
      }
    }
    return new Detection(seed, shift, delay, flaps, before, List.copyOf(also), effect);
  }
}
