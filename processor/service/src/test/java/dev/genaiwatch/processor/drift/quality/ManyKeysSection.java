package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftSettings;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's many-keys section: stationary traffic of {@value #KEYS} keys, each its own seed
 * (never run before this section was written), every call feature and the prompts' words watched,
 * embeddings off. The keys' detectors are independent, so this is the false-alarm budget's view
 * from an on-call engineer watching a whole fleet.
 */
final class ManyKeysSection {
  static final int KEYS = 100;
  static final long FIRST_SEED = 1000;

  private ManyKeysSection() {}

  static void append(StringBuilder md, DriftSettings settings) {
    Map<String, Integer> byFeature = new TreeMap<>();
    int total = 0;
    int keysWithAlarm = 0;
    int worst = 0;
    for (long seed = FIRST_SEED; seed < FIRST_SEED + KEYS; seed++) {
      SignalQuality.Stationary run = SignalQuality.stationary(settings, seed);
      total += run.falseAlarms();
      keysWithAlarm += run.falseAlarms() > 0 ? 1 : 0;
      worst = Math.max(worst, run.falseAlarms());
      run.byFeature().forEach((feature, n) -> byFeature.merge(feature, n, Integer::sum));
    }
    long calls = (long) KEYS * SignalQuality.STATIONARY_CALLS;
    md.append("## Stationary traffic over ")
        .append(KEYS)
        .append(" keys\n\n")
        .append(KEYS)
        .append(" keys, seeds ")
        .append(FIRST_SEED)
        .append("–")
        .append(FIRST_SEED + KEYS - 1)
        .append(" (run for the first time by this report), ")
        .append(SignalQuality.STATIONARY_CALLS)
        .append(" calls each after the reference, every call feature and the prompts' words")
        .append(" watched (embeddings off): **")
        .append(total)
        .append(" false alarms in ")
        .append(String.format(Locale.ROOT, "%,d", calls))
        .append(" calls (")
        .append(DriftQualityReport.fmt(total * 10_000.0 / calls))
        .append(" per 10,000)**, by feature ")
        .append(byFeature.isEmpty() ? "–" : byFeature.toString())
        .append("; keys with a false alarm: ")
        .append(keysWithAlarm)
        .append(", at most ")
        .append(worst)
        .append(" on one key.\n\n");
  }
}
