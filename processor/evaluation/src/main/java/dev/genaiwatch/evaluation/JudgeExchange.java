package dev.genaiwatch.evaluation;

/**
 * One call to the judge, all attempts included: what the judge's own {@code chat} span reports.
 * Exactly one of {@link #content} and {@link #failure} is set.
 */
final class JudgeExchange {
  String requestModel;
  long startEpochNanos;
  long endEpochNanos;
  int attempts;
  String content;
  String responseId;
  String responseModel;
  Long inputTokens;
  Long outputTokens;
  EvaluationFailure failure;
}
