package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The signal-quality measurements: false alarms on stationary traffic, and detection delay and
 * flaps for each shift. Every run first lets the key learn its reference ({@code
 * drift.reference.size} calls), then measures.
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
   * Validation seeds: used to choose between candidate designs (the fall of a dominant category
   * planned as "the others tripling", after flaps on the error shift; thresholds covering two
   * standard errors of the reference's bias, after seed 201 showed two false alarms with one).
   */
  static final List<Long> VALIDATION_SEEDS =
      List.of(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L, 201L);

  /**
   * Held-out seeds: never run before the design was frozen (seed 301 also runs in the unit test).
   */
  static final List<Long> HELD_OUT_SEEDS =
      List.of(301L, 302L, 303L, 304L, 305L, 306L, 307L, 308L, 309L, 310L);

  private SignalQuality() {}

  record Stationary(
      long seed,
      int falseAlarms,
      Map<String, Integer> byFeature,
      double alarmedShare,
      List<QualityRun.Alarm> alarms) {
    double per10k() {
      return falseAlarms * 10_000.0 / STATIONARY_CALLS;
    }
  }

  /**
   * {@code delay} is calls from the shift's first call to the alarm (1 = on the first call); -1
   * when missed. {@code announcedDelay} counts to the calls fed by the time the alarm was announced
   * (the same unless embedding or evaluation lagged behind the traffic). The first alarm of any
   * expected feature counts; {@code byFeature} has each expected feature's own first alarm.
   */
  record Detection(
      long seed,
      Shift shift,
      long delay,
      long announcedDelay,
      int flaps,
      int falseAlarmsBefore,
      List<String> alsoAlarmed,
      String effect,
      boolean alreadyAlarming,
      Map<String, FirstAlarm> byFeature) {
    boolean detected() {
      return delay > 0;
    }

    /** The expected feature whose alarm was announced first; null when none was. */
    String announcedFirst() {
      return byFeature.entrySet().stream()
          .min(Map.Entry.comparingByValue(Comparator.comparingLong(FirstAlarm::announcedDelay)))
          .map(Map.Entry::getKey)
          .orElse(null);
    }
  }

  /** One feature's first alarm after a shift: dated and announced delay, and its effect. */
  record FirstAlarm(long delay, long announcedDelay, String effect) {}

  static Stationary stationary(DriftSettings settings, long seed) {
    long learn = settings.referenceSize();
    List<QualityRun.Alarm> alarms =
        QualityRun.run(
            settings,
            new SyntheticTraffic(seed, Shift.NONE, Long.MAX_VALUE),
            learn + STATIONARY_CALLS);
    return stationary(seed, alarms, learn);
  }

  /** The false alarms of a stationary run measured from call {@code learn} on. */
  static Stationary stationary(long seed, List<QualityRun.Alarm> alarms, long learn) {
    Map<String, Integer> byFeature = new TreeMap<>();
    int starts = 0;
    for (QualityRun.Alarm alarm : alarms) {
      if (alarm.started()) {
        starts++;
        byFeature.merge(alarm.feature(), 1, Integer::sum);
      }
    }
    return new Stationary(
        seed, starts, byFeature, alarmedShare(alarms, learn, learn + STATIONARY_CALLS), alarms);
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
    List<QualityRun.Alarm> alarms =
        QualityRun.run(
            settings, new SyntheticTraffic(seed, shift, shiftAt), shiftAt + SHIFT_CALLS - 1);
    return detection(seed, shift, shiftAt, alarms);
  }

  /** How the alarms of a run whose shift started at call {@code shiftAt} detected it. */
  static Detection detection(long seed, Shift shift, long shiftAt, List<QualityRun.Alarm> alarms) {
    long delay = -1;
    long announced = -1;
    int flaps = 0;
    int before = 0;
    String effect = null;
    Set<String> also = new TreeSet<>();
    Set<String> activeBefore = new TreeSet<>();
    Map<String, FirstAlarm> byFeature = new TreeMap<>();
    for (QualityRun.Alarm alarm : alarms) {
      if (alarm.call() < shiftAt) {
        before += alarm.started() ? 1 : 0;
        if (alarm.started()) {
          activeBefore.add(alarm.feature());
        } else {
          activeBefore.remove(alarm.feature());
        }
        continue;
      }
      if (shift.expectedFeatures.contains(alarm.feature())) {
        if (alarm.started()) {
          byFeature.putIfAbsent(
              alarm.feature(),
              new FirstAlarm(
                  alarm.call() - shiftAt + 1, alarm.fed() - shiftAt + 1, alarm.effect()));
        }
        if (alarm.started() && delay < 0) {
          delay = alarm.call() - shiftAt + 1;
          announced = alarm.fed() - shiftAt + 1;
          effect = alarm.effect();
        } else if (!alarm.started() && delay > 0) {
          flaps++;
        }
      } else if (alarm.started()) {
        also.add(alarm.feature());
      }
    }
    boolean alreadyAlarming = shift.expectedFeatures.stream().anyMatch(activeBefore::contains);
    return new Detection(
        seed,
        shift,
        delay,
        announced,
        flaps,
        before,
        List.copyOf(also),
        effect,
        alreadyAlarming,
        byFeature);
  }
}
