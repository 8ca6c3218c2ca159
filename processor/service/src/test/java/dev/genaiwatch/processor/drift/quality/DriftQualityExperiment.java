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
    double embeddingRate = -1;
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv[0].equals("embedding.calls.per.second")) {
        embeddingRate = Double.parseDouble(kv[1]);
      } else if (kv[0].equals("seeds")) {
        seeds.clear();
        for (String s : kv[1].split(",")) {
          seeds.add(Long.parseLong(s));
        }
      } else {
        overrides.put(kv[0], kv[1]);
      }
    }
    if (embeddingRate >= 0) {
      overrides.putIfAbsent("drift.embedding.enabled", "true");
    }
    DriftSettings settings = QualityRun.settings(overrides);
    if (embeddingRate >= 0) {
      embeddings(settings, seeds, embeddingRate);
      return;
    }
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
      // The held-out topic and language shifts are run by the report only.
      if (!shift.callFeatureShift() && shift != Shift.TOPIC && shift != Shift.LANGUAGE) {
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
        if (shift.embeddingShift()) {
          System.out.println(
              shift + " seed " + seed + ": " + d.byFeature() + " also " + d.alsoAlarmed());
        }
      }
      System.out.println(
          shift + ": worst delay " + worst + ", missed " + missed + ", flaps " + flaps);
    }
  }

  /** The tuning embedding shifts (topic, language) and stationary traffic with embeddings on. */
  private static void embeddings(DriftSettings settings, List<Long> seeds, double rate) {
    System.out.println("load average before: " + EmbeddingAtLoad.loadAverage());
    List<EmbeddingAtLoad.Counts> counts = new ArrayList<>();
    for (long seed : seeds) {
      for (Shift shift : List.of(Shift.TOPIC, Shift.LANGUAGE)) {
        SignalQuality.Detection d = EmbeddingAtLoad.shift(settings, seed, shift, rate, counts);
        System.out.println(
            shift
                + " seed "
                + seed
                + ": delay "
                + d.delay()
                + ", announced "
                + d.announcedDelay()
                + ", flaps "
                + d.flaps()
                + ", also "
                + d.alsoAlarmed()
                + ", "
                + counts.get(counts.size() - 1));
      }
      SignalQuality.Stationary run = EmbeddingAtLoad.stationary(settings, seed, rate, counts);
      System.out.println(
          "stationary seed "
              + seed
              + ": "
              + run.falseAlarms()
              + " "
              + run.byFeature()
              + ", "
              + counts.get(counts.size() - 1));
    }
    System.out.println("load average after: " + EmbeddingAtLoad.loadAverage());
  }
}
