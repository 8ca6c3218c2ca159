package dev.genaiwatch.processor.drift;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Drift between two sets of sentence embeddings: centroid cosine distance and an MMD permutation test. */
public final class EmbeddingStatistics {
  private EmbeddingStatistics() {}

  public static float[] centroid(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= vectors.size();
    }
    return sum;
  }

  /** {@code 1 - cos(a, b)}: 0 for the same direction, up to 2 for opposite ones. */
  public static double cosineDistance(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * (double) b[i];
      na += a[i] * (double) a[i];
      nb += b[i] * (double) b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return 1 - dot / Math.sqrt(na * nb);
  }

  /** The result of {@link #mmd}: the squared MMD and its permutation p-value. */
  public record MmdResult(double mmd2, double pValue) {}

  /**
   * Biased squared maximum mean discrepancy with an RBF kernel whose bandwidth is the median pairwise distance
   * of the pooled sample (the median heuristic), and a p-value from {@code permutations} random relabelings.
   * Seeded, so the same samples always give the same p-value.
   */
  public static MmdResult mmd(List<float[]> reference, List<float[]> current, int permutations, long seed) {
    int n = reference.size();
    int total = n + current.size();
    float[][] pooled = new float[total][];
    for (int i = 0; i < total; i++) {
      pooled[i] = i < n ? reference.get(i) : current.get(i - n);
    }
    double[][] squared = new double[total][total];
    double[] offDiagonal = new double[total * (total - 1) / 2];
    int k = 0;
    for (int i = 0; i < total; i++) {
      for (int j = i + 1; j < total; j++) {
        double d = squaredDistance(pooled[i], pooled[j]);
        squared[i][j] = d;
        squared[j][i] = d;
        offDiagonal[k++] = d;
      }
    }
    Arrays.sort(offDiagonal);
    double medianSquared = offDiagonal.length == 0 ? 1 : offDiagonal[offDiagonal.length / 2];
    double gamma = medianSquared > 0 ? 1 / (2 * medianSquared) : 1;
    double[][] kernel = new double[total][total];
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < total; j++) {
        kernel[i][j] = Math.exp(-gamma * squared[i][j]);
      }
    }
    int[] labels = new int[total];
    for (int i = 0; i < total; i++) {
      labels[i] = i;
    }
    double observed = mmd2(kernel, labels, n);
    SplittableRandom random = new SplittableRandom(seed);
    int atLeastAsLarge = 0;
    for (int p = 0; p < permutations; p++) {
      for (int i = total - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = labels[i];
        labels[i] = labels[j];
        labels[j] = swap;
      }
      if (mmd2(kernel, labels, n) >= observed) {
        atLeastAsLarge++;
      }
    }
    return new MmdResult(observed, (atLeastAsLarge + 1) / (double) (permutations + 1));
  }

  private static double mmd2(double[][] kernel, int[] order, int n) {
    int m = order.length - n;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < order.length; i++) {
      for (int j = 0; j < order.length; j++) {
        double value = kernel[order[i]][order[j]];
        boolean iRef = i < n;
        boolean jRef = j < n;
        if (iRef && jRef) {
          xx += value;
        } else if (!iRef && !jRef) {
          yy += value;
        } else {
          xy += value;
        }
      }
    }
    return xx / ((double) n * n) + yy / ((double) m * m) - xy / ((double) n * m);
  }

  private static double squaredDistance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }
}
