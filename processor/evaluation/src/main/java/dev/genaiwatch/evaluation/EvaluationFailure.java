package dev.genaiwatch.evaluation;

/**
 * Why a judge evaluation produced no score. {@link #reason} is the low-cardinality {@code
 * error.type} and the {@code reason} label of the failure counter.
 */
final class EvaluationFailure extends Exception {
  static final String INVALID_VERDICT = "invalid_verdict";
  static final String OUT_OF_RANGE = "score_out_of_range";
  static final String TIMEOUT = "timeout";
  static final String CONNECTION = "connection";
  static final String HTTP = "http_";
  static final String INVALID_RESPONSE = "invalid_response";

  final String reason;

  EvaluationFailure(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }
}
