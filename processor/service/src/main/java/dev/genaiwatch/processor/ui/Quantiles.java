package dev.genaiwatch.processor.ui;

import java.util.Arrays;

/** Nearest-rank quantiles of the values a summary collected. */
final class Quantiles {
  private Quantiles() {}

  /** The nearest-rank {@code q} quantile of the finite values, or null when there are none. */
  static Double of(double[] values, double q) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (finite.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(q * finite.length);
    return finite[Math.max(0, Math.min(finite.length - 1, rank - 1))];
  }

  static Double mean(double[] values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    return finite.length == 0 ? null : Arrays.stream(finite).sum() / finite.length;
  }
}
