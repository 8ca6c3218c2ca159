package dev.genaiwatch.processor.drift;

/**
 * Alarm hygiene for one feature of one key: drift is declared after {@code k} consecutive drifting
 * evaluations and cleared after {@code k} consecutive clean ones, so one noisy window neither
 * raises nor clears it.
 */
final class FeatureAlarm {
  enum Change {
    NONE,
    STARTED,
    ENDED
  }

  int driftingRun;
  int cleanRun;
  boolean active;
  long startedAtCall = -1;

  /**
   * What changed, in the user's units, when the alarm last started or ended (sequential detectors
   * only).
   */
  String effect;

  /** What the model servers did when the alarm last started ({@link AlarmContext}), or null. */
  String server;

  Change record(boolean drifting, int k, long callCount) {
    if (drifting) {
      driftingRun++;
      cleanRun = 0;
      if (!active && driftingRun >= k) {
        active = true;
        startedAtCall = callCount;
        return Change.STARTED;
      }
    } else {
      cleanRun++;
      driftingRun = 0;
      if (active && cleanRun >= k) {
        active = false;
        return Change.ENDED;
      }
    }
    return Change.NONE;
  }
}
