package dev.genaiwatch.evaluation;

/** An accepted judge answer: a score within the rubric's range, a label and the judge's reason. */
record JudgeVerdict(double score, String label, String explanation) {}
