package dev.genaiwatch.evaluation;

/** One judge score, offered to listeners such as output-quality drift. */
public record EvaluationScore(
    String serviceName, String requestModel, String evaluationName, double score) {}
