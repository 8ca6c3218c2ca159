package dev.genaiwatch.processor.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample drift statistics between a reference and a current sample, as Evidently computes them.
 */
public final class DriftStatistics {
  // Evidently fills empty bins with this share so that PSI stays finite.
  private static final double EMPTY_BIN_SHARE = 0.0001;
  private static final int PSI_BINS = 10;
  // Building a KolmogorovSmirnovTest seeds a Well19937c generator (a 624-word state), which cost
  // more than the
  // test itself on 200-value windows; the generator is only used by methods drift never calls.
  private static final ThreadLocal<KolmogorovSmirnovTest> KS_TEST =
      ThreadLocal.withInitial(KolmogorovSmirnovTest::new);

  private DriftStatistics() {}

  /**
   * Population stability index over bins cut at the reference's deciles (duplicate edges merged, so
   * a feature with few distinct values gets fewer bins): {@code sum((cur - ref) * ln(cur / ref))}.
   */
  public static double psi(double[] reference, double[] current) {
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    double[] edges = Arrays.stream(quantileEdges(sorted)).distinct().toArray();
    double[] ref = shares(reference, edges);
    double[] cur = shares(current, edges);
    double psi = 0;
    for (int i = 0; i < ref.length; i++) {
      psi += (cur[i] - ref[i]) * Math.log(cur[i] / ref[i]);
    }
    return psi;
  }

  private static double[] quantileEdges(double[] sorted) {
    double[] edges = new double[PSI_BINS - 1];
    for (int i = 1; i < PSI_BINS; i++) {
      edges[i - 1] =
          sorted[
              (int) Math.min(sorted.length - 1, Math.floor(i * sorted.length / (double) PSI_BINS))];
    }
    return edges;
  }

  private static double[] shares(double[] values, double[] edges) {
    double[] counts = new double[edges.length + 1];
    for (double value : values) {
      int bin = 0;
      while (bin < edges.length && value >= edges[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] = counts[i] == 0 ? EMPTY_BIN_SHARE : counts[i] / values.length;
    }
    return counts;
  }

  /**
   * Two-sample Kolmogorov–Smirnov p-value P(D &gt;= d) (Apache Commons Math; its default is the
   * strict P(D &gt; d), which is 0 for completely separated small samples); 1 when both samples are
   * the same constant.
   */
  public static double ksPValue(double[] reference, double[] current) {
    if (isConstant(reference) && isConstant(current) && reference[0] == current[0]) {
      return 1.0;
    }
    return KS_TEST.get().kolmogorovSmirnovTest(reference, current, false);
  }

  /**
   * Wasserstein-1 distance between the empirical distributions, divided by the reference's standard
   * deviation (or, for a constant reference, by its absolute mean, or 1 when that is 0) so one
   * threshold fits every unit.
   */
  public static double wassersteinNormed(double[] reference, double[] current) {
    double scale = standardDeviation(reference);
    if (scale == 0) {
      double mean = Math.abs(Arrays.stream(reference).average().orElse(0));
      scale = mean == 0 ? 1 : mean;
    }
    return wasserstein(reference, current) / scale;
  }

  /** The area between the two empirical CDFs. */
  public static double wasserstein(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    double[] all = new double[x.length + y.length];
    System.arraycopy(x, 0, all, 0, x.length);
    System.arraycopy(y, 0, all, x.length, y.length);
    Arrays.sort(all);
    double distance = 0;
    int i = 0;
    int j = 0;
    for (int k = 0; k < all.length - 1; k++) {
      double point = all[k];
      while (i < x.length && x[i] <= point) {
        i++;
      }
      while (j < y.length && y[j] <= point) {
        j++;
      }
      distance += Math.abs(i / (double) x.length - j / (double) y.length) * (all[k + 1] - point);
    }
    return distance;
  }

  /**
   * Jensen–Shannon distance (square root of the base-2 divergence, so within [0, 1]) of two
   * category samples.
   */
  public static double jensenShannonDistance(List<String> reference, List<String> current) {
    Map<String, Double> p = frequencies(reference);
    Map<String, Double> q = frequencies(current);
    Set<String> categories = new HashSet<>(p.keySet());
    categories.addAll(q.keySet());
    double divergence = 0;
    for (String category : categories) {
      double pi = p.getOrDefault(category, 0.0);
      double qi = q.getOrDefault(category, 0.0);
      double mi = (pi + qi) / 2;
      if (pi > 0) {
        divergence += 0.5 * pi * log2(pi / mi);
      }
      if (qi > 0) {
        divergence += 0.5 * qi * log2(qi / mi);
      }
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  /**
   * Chi-square test of homogeneity of two category samples (Apache Commons Math), Evidently's test
   * for small categorical samples; 1 when there is only one category, where the samples cannot
   * differ.
   */
  public static double chiSquarePValue(List<String> reference, List<String> current) {
    Set<String> categories = new TreeSet<>(reference);
    categories.addAll(current);
    if (categories.size() < 2) {
      return 1.0;
    }
    long[] ref = new long[categories.size()];
    long[] cur = new long[categories.size()];
    int i = 0;
    for (String category : categories) {
      ref[i] = reference.stream().filter(category::equals).count();
      cur[i] = current.stream().filter(category::equals).count();
      i++;
    }
    return new ChiSquareTest().chiSquareTestDataSetsComparison(ref, cur);
  }

  private static Map<String, Double> frequencies(List<String> values) {
    Map<String, Double> counts = new HashMap<>();
    for (String value : values) {
      counts.merge(value, 1.0, Double::sum);
    }
    counts.replaceAll((k, v) -> v / values.size());
    return counts;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  static double standardDeviation(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = Arrays.stream(values).average().orElse(0);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  private static boolean isConstant(double[] values) {
    for (double v : values) {
      if (v != values[0]) {
        return false;
      }
    }
    return true;
  }
}
