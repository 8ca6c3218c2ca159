package dev.genaiwatch.processor.drift;

import java.util.Map;

/** One feature's scores by method in one evaluation, and whether they amount to drift. */
record FeatureResult(String feature, Map<String, Double> scores, boolean drifting) {}
