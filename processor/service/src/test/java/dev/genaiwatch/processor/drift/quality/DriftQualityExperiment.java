package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A quick look at one setting: {@code seeds=1,2,3 key=value ...}; prints false alarms per seed and
 * the worst detection delay and total flaps per call-feature shift. For tuning on the tuning seeds
 * only.
 */
public final class DriftQualityExperiment {
  private DriftQualityExperiment() {}

  public static void main(String[] args) {
    Map<String, String> overrides = new HashMap<>();
    List<Long> seeds = new ArrayList<>(SignalQuality.TUNING_SEEDS);
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv[0].equals("seeds")) {
        seeds.clear();
        for (String s : kv[1].split(",")) {
          seeds.add(Long.parseLong(s));
        }
      } else {
        overrides.put(kv[0], kv[1]);
      }
    }
    DriftSettings settings = QualityRun.settings(overrides);
    int total = 0;
    StringBuilder perSeed = new StringBuilder();
    for (long seed : seeds) {
      SignalQuality.Stationary run = SignalQuality.stationary(settings, seed);
      total += run.falseAlarms();
      perSeed
          .append(seed)
          .append('=')
          .append(run.falseAlarms())
          .append(run.byFeature())
          .append(' ');
    }
    System.out.println(
        "false alarms: "
            + total
            + " in "
            + seeds.size() * SignalQuality.STATIONARY_CALLS
            + " calls: "
            + perSeed);
    for (Shift shift : Shift.values()) {
      if (!shift.callFeatureShift()) {
        continue;
      }
      long worst = 0;
      int flaps = 0;
      int missed = 0;
      for (long seed : seeds) {
        SignalQuality.Detection d = SignalQuality.shift(settings, seed, shift);
        if (!d.detected()) {
          missed++;
        }
        worst = Math.max(worst, d.delay());
        flaps += d.flaps();
      }
      System.out.println(
          shift + ": worst delay " + worst + ", missed " + missed + ", flaps " + flaps);
    }
  }
}
