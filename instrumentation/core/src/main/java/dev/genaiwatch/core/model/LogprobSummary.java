package dev.genaiwatch.core.model;

/**
 * Token-level uncertainty of a response, summarised so that no token text is kept: the mean and
 * minimum log-probability and how many tokens the model was unsure of. Constant memory whatever the
 * length.
 */
public final class LogprobSummary {
  /** ln(0.1): a token the model gave less than 10% probability counts as low confidence. */
  public static final double LOW_CONFIDENCE_THRESHOLD = Math.log(0.1);

  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private long lowConfidence;

  public void add(double logprob) {
    if (Double.isNaN(logprob)) {
      return;
    }
    count++;
    sum += logprob;
    min = Math.min(min, logprob);
    if (logprob < LOW_CONFIDENCE_THRESHOLD) {
      lowConfidence++;
    }
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public long count() {
    return count;
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  public long lowConfidenceTokens() {
    return lowConfidence;
  }
}
