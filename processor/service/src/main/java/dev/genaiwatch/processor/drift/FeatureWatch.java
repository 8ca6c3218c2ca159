package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The sequential change detector of one feature of one key: a set of one-sided CUSUMs of
 * log-likelihood ratios, updated on every call, calibrated against the key's {@link
 * ReferenceProfile}.
 *
 * <p>Numeric features: each value becomes its randomised rank among the reference quantiles (ties
 * spread uniformly), then a standard normal score z. Whatever the feature's distribution (lognormal
 * tokens, mostly-zero cache ratios), z is N(0, 1) while traffic looks like the reference, so one
 * formula calibrates every feature. Two CUSUMs look for a shift of the median by ±{@code
 * designShift} standard deviations. Categorical features: one Bernoulli CUSUM per category whose
 * share can rise (to three times its reference share), one per common category of a feature with
 * three or more whose share can fall (the others' share tripling), and one for categories the
 * reference never saw.
 *
 * <p>An alarm starts when a CUSUM crosses its threshold (see {@link Calibration}). It ends only
 * after two consecutive blocks of {@code blockSize} calls whose evidence favours the reference
 * clearly (log-likelihood ratio below half of what reference traffic produces on average): a
 * minimum duration and a lower bar to end than to start, so a shift that persists near the
 * threshold does not end and restart.
 */
final class FeatureWatch {
  static final String TRAFFIC = "traffic";
  static final String SERVING_HEALTH = "serving_health";
  static final String OUTPUT_QUALITY = "output_quality";

  /** Normal scores are clipped here, so one outlier adds at most a bounded amount of evidence. */
  private static final double U_CLIP = 1e-4;

  private static final int CLEAN_BLOCKS_TO_END = 2;

  enum Change {
    NONE,
    STARTED,
    ENDED
  }

  final String feature;
  final String group;
  final NumericFeature numeric;
  final CategoricalFeature categorical;
  private final float[] quantiles;
  private final double delta;
  private final Set<String> known;
  final String[] sideCategory;
  final int[] sideDirection;
  private final double[] hitLlr;
  private final double[] missLlr;
  final double[] referenceShare;
  private final double[] nullDrift;
  final double[] threshold;
  final double[] s;
  final long[] since;

  /**
   * When each detector last stood at zero (processing time, not saved): where the evidence of an
   * alarm begins, so that what else happened can be described from there.
   */
  final long[] sinceMillis;

  int active = -1;

  /** The side whose alarm ended last (for the effect of the end announcement). */
  int endedSide = -1;

  long startedAtCall = -1;
  private double blockLlr;
  private int blockCalls;
  private int cleanBlocks;

  private FeatureWatch(
      String feature,
      String group,
      NumericFeature numeric,
      CategoricalFeature categorical,
      float[] quantiles,
      double delta,
      Set<String> known,
      String[] sideCategory,
      int[] sideDirection,
      double[] hitLlr,
      double[] missLlr,
      double[] referenceShare,
      double[] nullDrift,
      double[] threshold) {
    this.feature = feature;
    this.group = group;
    this.numeric = numeric;
    this.categorical = categorical;
    this.quantiles = quantiles;
    this.delta = delta;
    this.known = known;
    this.sideCategory = sideCategory;
    this.sideDirection = sideDirection;
    this.hitLlr = hitLlr;
    this.missLlr = missLlr;
    this.referenceShare = referenceShare;
    this.nullDrift = nullDrift;
    this.threshold = threshold;
    this.s = new double[threshold.length];
    this.since = new long[threshold.length];
    this.sinceMillis = new long[threshold.length];
  }

  static String groupOf(String feature) {
    return switch (feature) {
      case "duration", "time_to_first_chunk", "output_tokens_per_second" -> SERVING_HEALTH;
      case "judge_score" -> OUTPUT_QUALITY;
      default -> TRAFFIC;
    };
  }

  /**
   * The detectors of every watched feature of a key, with thresholds that share the key's
   * false-alarm budget; features with fewer than {@code drift.min.samples} reference values are not
   * watched.
   */
  static List<FeatureWatch> build(ReferenceProfile profile, DriftSettings settings) {
    List<Spec> specs = new ArrayList<>();
    for (NumericFeature feature : NumericFeature.values()) {
      if (settings.excludedFeatures().contains(feature.featureName())
          || profile.quantiles(feature) == null
          || profile.valueCount(feature) < settings.minSamples()) {
        continue;
      }
      specs.add(
          new Spec(feature, null, null, new String[] {null, null}, new int[] {1, -1}, null, null));
    }
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      if (settings.excludedFeatures().contains(feature.featureName())) {
        continue;
      }
      Map<String, Integer> counts = profile.counts(feature);
      int n = counts.values().stream().mapToInt(Integer::intValue).sum();
      if (n < settings.minSamples()) {
        continue;
      }
      List<String> categories = new ArrayList<>();
      List<Integer> directions = new ArrayList<>();
      List<double[]> llrs = new ArrayList<>();
      List<Double> shares = new ArrayList<>();
      for (Map.Entry<String, Integer> entry : counts.entrySet()) {
        double share = entry.getValue() / (double) n;
        double se = Math.sqrt(share * (1 - share) / n);
        if (share <= 0.5) {
          // Planned against the reference share plus its standard error: a reference that saw a
          // little less of
          // the category than is normal does not make normal traffic look like a rise.
          double p0 = Math.min(0.999, (entry.getValue() + 1) / (double) (n + 1) + se);
          double p1 = Math.min(3 * p0, p0 + (1 - p0) / 2);
          categories.add(entry.getKey());
          directions.add(1);
          llrs.add(bernoulli(p0, p1));
          shares.add(share);
        }
        if (counts.size() >= 3 && share >= 0.1) {
          // A fall of this category is a rise of all the others together (e.g. "no error" falling
          // is errors of any
          // type rising), planned like a rise: their share, plus its standard error, tripling.
          double rest = Math.min(0.999, (n - entry.getValue() + 1) / (double) (n + 1) + se);
          double restRisen = Math.min(3 * rest, rest + (1 - rest) / 2);
          categories.add(entry.getKey());
          directions.add(-1);
          llrs.add(bernoulli(1 - rest, 1 - restRisen));
          shares.add(share);
        }
      }
      // A category the reference never saw is planned as if it had been seen once, plus its
      // standard error.
      double p0New = 2.0 / (n + 1);
      categories.add(null);
      directions.add(1);
      llrs.add(bernoulli(p0New, 3 * p0New));
      shares.add(0.0);
      specs.add(
          new Spec(
              null,
              feature,
              Set.copyOf(counts.keySet()),
              categories.toArray(new String[0]),
              directions.stream().mapToInt(Integer::intValue).toArray(),
              llrs,
              shares));
    }
    int detectors = specs.stream().mapToInt(spec -> spec.directions.length).sum();
    double arl = Calibration.perDetectorArl(settings.falseAlarmsPer10k(), detectors);
    List<FeatureWatch> watches = new ArrayList<>();
    for (Spec spec : specs) {
      int sides = spec.directions.length;
      double[] threshold = new double[sides];
      double[] nullDrift = new double[sides];
      double[] hit = new double[sides];
      double[] miss = new double[sides];
      double[] shares = new double[sides];
      if (spec.numeric != null) {
        double delta =
            Calibration.plannedShift(settings.designShift(), profile.valueCount(spec.numeric));
        double k = delta / 2;
        double h =
            Calibration.normalThreshold(
                arl, Calibration.effectiveAllowance(k, profile.valueCount(spec.numeric)));
        Arrays.fill(threshold, delta * h);
        Arrays.fill(nullDrift, -delta * delta / 2);
        watches.add(
            new FeatureWatch(
                spec.numeric.featureName(),
                groupOf(spec.numeric.featureName()),
                spec.numeric,
                null,
                profile.quantiles(spec.numeric),
                delta,
                null,
                spec.categories,
                spec.directions,
                hit,
                miss,
                shares,
                nullDrift,
                threshold));
      } else {
        for (int i = 0; i < sides; i++) {
          double[] llr = spec.llrs.get(i);
          hit[i] = llr[0];
          miss[i] = llr[1];
          nullDrift[i] = llr[2];
          shares[i] = spec.shares.get(i);
          threshold[i] = Calibration.llrThreshold(arl);
        }
        watches.add(
            new FeatureWatch(
                spec.categorical.featureName(),
                groupOf(spec.categorical.featureName()),
                null,
                spec.categorical,
                null,
                0,
                spec.known,
                spec.categories,
                spec.directions,
                hit,
                miss,
                shares,
                nullDrift,
                threshold));
      }
    }
    return watches;
  }

  private record Spec(
      NumericFeature numeric,
      CategoricalFeature categorical,
      Set<String> known,
      String[] categories,
      int[] directions,
      List<double[]> llrs,
      List<Double> shares) {}

  /**
   * Log-likelihood ratio of a hit and of a miss of Bernoulli(p1) against Bernoulli(p0), and its
   * mean under p0.
   */
  private static double[] bernoulli(double p0, double p1) {
    double hit = Math.log(p1 / p0);
    double miss = Math.log((1 - p1) / (1 - p0));
    return new double[] {hit, miss, p0 * hit + (1 - p0) * miss};
  }

  /** Feeds one call; {@code callIndex} is the key's call count including this call. */
  Change observe(
      CallFeatures call, long callIndex, long nowMillis, SplittableRandom random, int blockSize) {
    double[] llr = new double[s.length];
    if (numeric != null) {
      double value = call.value(numeric);
      if (Double.isNaN(value)) {
        return Change.NONE;
      }
      double z = normalScore(value, random.nextDouble());
      llr[0] = delta * (z - delta / 2);
      llr[1] = delta * (-z - delta / 2);
    } else {
      String category = call.category(categorical);
      boolean unknown = !known.contains(category);
      for (int i = 0; i < s.length; i++) {
        llr[i] = llrOf(category, unknown, i);
      }
    }
    if (active < 0) {
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.max(0, s[i] + llr[i]);
        if (s[i] == 0) {
          since[i] = callIndex + 1;
          sinceMillis[i] = nowMillis;
        }
      }
      for (int i = 0; i < s.length; i++) {
        if (s[i] > threshold[i]) {
          active = i;
          startedAtCall = callIndex;
          blockLlr = 0;
          blockCalls = 0;
          cleanBlocks = 0;
          return Change.STARTED;
        }
      }
      return Change.NONE;
    }
    blockLlr += llr[active];
    if (++blockCalls >= blockSize) {
      boolean clean = blockLlr < nullDrift[active] * blockCalls / 2;
      cleanBlocks = clean ? cleanBlocks + 1 : 0;
      blockLlr = 0;
      blockCalls = 0;
      if (cleanBlocks >= CLEAN_BLOCKS_TO_END) {
        int ended = active;
        reset(callIndex + 1);
        endedSide = ended;
        return Change.ENDED;
      }
    }
    return Change.NONE;
  }

  /** Clears every CUSUM and any alarm (after an alarm ends, and when the reference changes). */
  void reset(long nextCall) {
    Arrays.fill(s, 0);
    Arrays.fill(since, nextCall);
    active = -1;
    startedAtCall = -1;
    blockLlr = 0;
    blockCalls = 0;
    cleanBlocks = 0;
  }

  /** The value's randomised mid-rank among the reference quantiles, as a standard normal score. */
  double normalScore(double value, double uniform) {
    float v = (float) value;
    int below = lowerBound(quantiles, v);
    int atOrBelow = upperBound(quantiles, v);
    double u = (below + uniform * (atOrBelow - below + 1)) / (quantiles.length + 1);
    return Calibration.normalQuantile(Math.min(1 - U_CLIP, Math.max(U_CLIP, u)));
  }

  /**
   * Where the change of side {@code side} most likely began in {@code calls} (the calls since its
   * CUSUM last stood at zero, oldest first): the start of the suffix with the strongest evidence of
   * a shift of any size, the generalised likelihood ratio's change-point estimate. The CUSUM's last
   * zero is planned for the design shift: a slightly high stretch before a large shift keeps it off
   * zero, and an effect measured from there mixes calls from before the change into the "after"
   * side (seen: TTFT ×8 described as "+4 %" because 12 of its 19 calls were from before the queue
   * burst).
   */
  int changePoint(List<CallFeatures> calls, int side) {
    int best = 0;
    double bestScore = -1;
    double sum = 0;
    int evidence = 0;
    int seen = 0;
    double nullRate = numeric != null ? 0 : evidenceRate(side);
    for (int i = calls.size() - 1; i >= 0; i--) {
      CallFeatures call = calls.get(i);
      if (numeric != null) {
        double value = call.value(numeric);
        if (Double.isNaN(value)) {
          continue;
        }
        sum += sideDirection[side] * normalScore(value, 0.5);
      } else {
        String category = call.category(categorical);
        if (llrOf(category, !known.contains(category), side) > 0) {
          evidence++;
        }
      }
      seen++;
      double score =
          numeric != null
              ? (sum > 0 ? sum * sum / seen : 0)
              : bernoulliDivergence(evidence / (double) seen, nullRate) * seen;
      if (score >= bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  /**
   * The log-likelihood ratio a call of {@code category} adds to categorical side {@code side}
   * ({@code unknown}: the reference never saw the category).
   */
  private double llrOf(String category, boolean unknown, int side) {
    boolean hit = sideCategory[side] == null ? unknown : sideCategory[side].equals(category);
    return hit ? hitLlr[side] : missLlr[side];
  }

  /**
   * How often a call adds positive evidence to categorical side {@code side} under the reference:
   * the planned share of hits (recovered from the mean log-likelihood ratio), or of misses for a
   * side that watches a category fall.
   */
  private double evidenceRate(int side) {
    double hitShare = (nullDrift[side] - missLlr[side]) / (hitLlr[side] - missLlr[side]);
    return hitLlr[side] > 0 ? hitShare : 1 - hitShare;
  }

  /** n times this is the log-likelihood ratio of an observed share {@code p} against {@code q}. */
  private static double bernoulliDivergence(double p, double q) {
    if (p <= q) {
      return 0;
    }
    double rise = p * Math.log(p / q);
    double fall = p >= 1 ? 0 : (1 - p) * Math.log((1 - p) / (1 - q));
    return rise + fall;
  }

  /** How close the nearest CUSUM is to its threshold: 1 means an alarm starts. */
  double progress() {
    double max = 0;
    for (int i = 0; i < s.length; i++) {
      max = Math.max(max, s[i] / threshold[i]);
    }
    return active >= 0 ? Math.max(1, max) : max;
  }

  int detectors() {
    return s.length;
  }

  private static int lowerBound(float[] sorted, float value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(float[] sorted, float value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
