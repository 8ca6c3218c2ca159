package dev.genaiwatch.processor.drift;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drift between two sets of sentence embeddings: centroid cosine distance and an MMD permutation
 * test.
 */
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

  /**
   * How far the centroid of a random sample of {@code sampleSize} reference vectors lies from the
   * centroid of the rest of the reference, at quantile {@code quantile} over {@code draws} seeded
   * draws: the centroid distance a sample of that size shows by chance alone, against which a
   * block's distance is judged material. Its own reference's spread, not a fixed constant: a
   * reference of a dozen templates spreads far more than one of paraphrases.
   */
  public static double chanceCentroidDistance(
      List<float[]> reference, int sampleSize, int draws, double quantile, long seed) {
    int n = reference.size();
    if (sampleSize >= n || sampleSize < 1) {
      return 0;
    }
    int dimensions = reference.get(0).length;
    float[] total = new float[dimensions];
    for (float[] v : reference) {
      for (int d = 0; d < dimensions; d++) {
        total[d] += v[d];
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = new int[n];
    double[] distances = new double[draws];
    for (int draw = 0; draw < draws; draw++) {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      float[] sample = new float[dimensions];
      for (int i = 0; i < sampleSize; i++) {
        int j = i + random.nextInt(n - i);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
        float[] v = reference.get(order[i]);
        for (int d = 0; d < dimensions; d++) {
          sample[d] += v[d];
        }
      }
      float[] rest = new float[dimensions];
      for (int d = 0; d < dimensions; d++) {
        rest[d] = total[d] - sample[d];
      }
      distances[draw] = cosineDistance(sample, rest);
    }
    Arrays.sort(distances);
    return distances[Math.min(draws - 1, (int) Math.ceil(quantile * draws) - 1)];
  }

  /** The result of {@link #mmd}: the squared MMD and its permutation p-value. */
  public record MmdResult(double mmd2, double pValue) {}

  /**
   * Biased squared maximum mean discrepancy with an RBF kernel whose bandwidth is the median
   * pairwise distance of the pooled sample (the median heuristic), and a p-value from {@code
   * permutations} random relabelings. Seeded, so the same samples always give the same p-value.
   */
  public static MmdResult mmd(
      List<float[]> reference, List<float[]> current, int permutations, long seed) {
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
    double[] rowTotals = new double[total];
    for (int i = 0; i < total; i++) {
      double sum = 0;
      for (int j = 0; j < total; j++) {
        sum += kernel[i][j];
      }
      rowTotals[i] = sum;
    }
    double[] inReference = new double[total];
    Arrays.fill(inReference, 0, n, 1.0);
    double observed = mmd2(kernel, rowTotals, inReference, n);
    SplittableRandom random = new SplittableRandom(seed);
    int atLeastAsLarge = 0;
    for (int p = 0; p < permutations; p++) {
      for (int i = total - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double swap = inReference[i];
        inReference[i] = inReference[j];
        inReference[j] = swap;
      }
      if (mmd2(kernel, rowTotals, inReference, n) >= observed) {
        atLeastAsLarge++;
      }
    }
    return new MmdResult(observed, (atLeastAsLarge + 1) / (double) (permutations + 1));
  }

  /**
   * The biased MMD² of the split marked by {@code inReference} (1.0 for the n reference points, 0.0
   * for the rest). Row by row, one masked sum gives the row's kernel mass inside the reference; the
   * row total gives the rest. A permutation only reshuffles the mask, so each one is a sequential
   * pass over the kernel instead of a gather through a permuted index.
   */
  private static double mmd2(double[][] kernel, double[] rowTotals, double[] inReference, int n) {
    int m = inReference.length - n;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < inReference.length; i++) {
      double[] row = kernel[i];
      double withReference = 0;
      for (int j = 0; j < row.length; j++) {
        withReference += row[j] * inReference[j];
      }
      if (inReference[i] == 1.0) {
        xx += withReference;
        xy += rowTotals[i] - withReference;
      } else {
        xy += withReference;
        yy += rowTotals[i] - withReference;
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
