package dev.genaiwatch.processor.drift;

/**
 * What else was happening when a drift alarm started, for its announcement: e.g. what the model
 * servers did over the same period when a latency feature drifted. Called on the drift thread.
 */
public interface AlarmContext {
  AlarmContext NONE = (feature, onsetEpochMillis, nowEpochMillis) -> null;

  /**
   * @param onsetEpochMillis where the detector dates the change (the last time its evidence stood
   *     at zero), or 0 when not known
   * @return one line for the alarm of {@code feature} starting now, or null when there is nothing
   *     to add
   */
  String describe(String feature, long onsetEpochMillis, long nowEpochMillis);
}
