package dev.genaiwatch.processor.drift;

/**
 * Turns the one user knob, expected false alarms per 10,000 calls of a key, into CUSUM thresholds.
 * The budget is split evenly over every one-sided detector of the key (Bonferroni), so each
 * detector gets an in-control average run length (ARL₀) of {@code detectors × 10,000 / knob} calls
 * and the key as a whole raises about {@code knob} false alarms per 10,000 calls. Sequential
 * detectors see every call once, so there are no overlapping windows to correct for.
 */
final class Calibration {
  /**
   * Siegmund's correction for the CUSUM's overshoot of its threshold (for standard normal
   * observations).
   */
  private static final double OVERSHOOT = 1.166;

  private Calibration() {}

  /**
   * The ARL₀ each of {@code detectors} one-sided detectors must have for the key to meet the knob.
   */
  static double perDetectorArl(double falseAlarmsPer10k, int detectors) {
    if (!(falseAlarmsPer10k > 0)) {
      throw new IllegalArgumentException(
          "drift.false.alarms.per.10k must be > 0, was " + falseAlarmsPer10k);
    }
    return Math.max(1, detectors) * 10_000 / falseAlarmsPer10k;
  }

  /**
   * Threshold {@code h} (in standard deviations) of a one-sided CUSUM {@code S = max(0, S + z - k)}
   * over standard normal scores with in-control ARL₀ {@code arl}, by Siegmund's approximation
   * {@code ARL₀ ≈ (e^{2κb} - 1 - 2κb) / 2κ²}, {@code b = h + 1.166}. {@code kappa} is the allowance
   * left after the worst plausible bias of the reference (see {@link #effectiveAllowance}), which
   * makes the threshold higher than for a perfectly known reference.
   */
  static double normalThreshold(double arl, double kappa) {
    double lo = 0;
    double hi = 1;
    while (siegmundArl(hi, kappa) < arl) {
      hi *= 2;
    }
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (siegmundArl(mid, kappa) < arl) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.max(0, hi - OVERSHOOT);
  }

  static double siegmundArl(double b, double kappa) {
    double x = 2 * kappa * b;
    return (Math.exp(x) - 1 - x) / (2 * kappa * kappa);
  }

  /**
   * A reference of {@code n} calls estimates the in-control mean of the normal scores only to about
   * {@code 1/√n} standard deviations, and a CUSUM's false-alarm rate grows exponentially with such
   * a bias. The allowance {@code k} is therefore reduced by {@value #REFERENCE_STANDARD_ERRORS}
   * standard errors (but kept at least {@code k/4}) when the threshold is computed, so a reference
   * that happens to be a little off does not eat the budget.
   */
  static double effectiveAllowance(double k, int n) {
    return Math.max(k / 4, k - REFERENCE_STANDARD_ERRORS / Math.sqrt(Math.max(1, n)));
  }

  /**
   * The shift (in standard deviations of the normal scores) a numeric detector is planned for:
   * {@code drift.sequential.shift}, or more when the reference is so small that its own bias
   * ({@value #REFERENCE_STANDARD_ERRORS} standard errors, 2/√n) would eat more than half of the
   * allowance {@code k = shift / 2}: then the shift is 8/√n, so the allowance left is still half of
   * k. A reference of n ≥ 1,024 values keeps the setting (0.25); one of 100 plans for 0.8, one of
   * 50 for 1.13: a small reference can only vouch for large shifts without crying wolf (measured in
   * docs/drift-quality.md, "Small reference").
   */
  static double plannedShift(double designShift, int n) {
    return Math.max(designShift, 4 * REFERENCE_STANDARD_ERRORS / Math.sqrt(Math.max(1, n)));
  }

  /**
   * How many standard errors of the reference's bias the thresholds cover: two, so that about 95 %
   * rather than 68 % of references keep the false-alarm budget (with one, the harness's tuning
   * seeds showed 0.4 false alarms per 10,000 calls and an occasional seed with two; with two, 0.07
   * and none).
   */
  static final double REFERENCE_STANDARD_ERRORS = 2;

  /**
   * Threshold of a CUSUM of log-likelihood ratios with in-control ARL₀ {@code arl}: {@code ln
   * ARL₀}. Lorden's bound guarantees ARL₀ ≥ e^h for any such detector, so this is conservative
   * (used for the categorical features, whose Bernoulli observations have no simple exact ARL
   * formula).
   */
  static double llrThreshold(double arl) {
    return Math.log(arl);
  }

  /**
   * Inverse of the standard normal CDF (Acklam's rational approximation, relative error below
   * 1.2e-9).
   */
  static double normalQuantile(double p) {
    if (p <= 0 || p >= 1) {
      throw new IllegalArgumentException("p must be in (0, 1), was " + p);
    }
    final double[] a = {
      -3.969683028665376e+01,
      2.209460984245205e+02,
      -2.759285104469687e+02,
      1.383577518672690e+02,
      -3.066479806614716e+01,
      2.506628277459239e+00
    };
    final double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    final double[] c = {
      -7.784894002430293e-03,
      -3.223964580411365e-01,
      -2.400758277161838e+00,
      -2.549732539343734e+00,
      4.374664141464968e+00,
      2.938163982698783e+00
    };
    final double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
