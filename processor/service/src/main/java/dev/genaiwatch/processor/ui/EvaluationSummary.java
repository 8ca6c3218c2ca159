package dev.genaiwatch.processor.ui;

import dev.genaiwatch.evaluation.EvaluationScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/evaluations}: the judge's recent scores per rubric (count, mean, counts per score
 * bin), the heuristic flags ({@value #FLAG_PREFIX}{@code *} attributes that are true) of the recent
 * calls as rates per time bucket, and the flagged calls themselves, newest first.
 */
public final class EvaluationSummary {
  static final String FLAG_PREFIX = "genai_watch.eval.";
  static final int SCORE_BINS = 10;
  static final int FLAGGED_CALLS = 50;

  private EvaluationSummary() {}

  /** {@code calls} newest first, as {@code GET /api/calls} lists them. */
  public static Map<String, Object> of(
      List<EvaluationScore> scores, List<Map<String, Object>> calls) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rubrics", rubrics(scores));
    out.put("flags", flags(calls));
    List<Map<String, Object>> flagged = new ArrayList<>();
    for (Map<String, Object> call : calls) {
      if (!flagsOf(call).isEmpty() && flagged.size() < FLAGGED_CALLS) {
        Map<String, Object> entry = new LinkedHashMap<>(call);
        entry.put("flags", flagsOf(call));
        flagged.add(entry);
      }
    }
    out.put("flagged", flagged);
    return out;
  }

  private static Map<String, Object> rubrics(List<EvaluationScore> scores) {
    Map<String, List<Double>> byRubric = new TreeMap<>();
    for (EvaluationScore score : scores) {
      byRubric.computeIfAbsent(score.evaluationName(), r -> new ArrayList<>()).add(score.score());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    byRubric.forEach(
        (rubric, values) -> {
          double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
          double min = Math.min(0, values.stream().mapToDouble(v -> v).min().orElse(0));
          double max = Math.max(1, values.stream().mapToDouble(v -> v).max().orElse(1));
          double[] edges = new double[SCORE_BINS + 1];
          for (int i = 0; i <= SCORE_BINS; i++) {
            edges[i] = min + (max - min) * i / SCORE_BINS;
          }
          int[] counts = new int[SCORE_BINS];
          for (double value : array) {
            int bin = (int) Math.floor((value - min) / (max - min) * SCORE_BINS);
            counts[Math.max(0, Math.min(SCORE_BINS - 1, bin))]++;
          }
          Map<String, Object> summary = new LinkedHashMap<>();
          summary.put("count", array.length);
          summary.put("mean", Quantiles.mean(array));
          summary.put("edges", edges);
          summary.put("counts", counts);
          out.put(rubric, summary);
        });
    return out;
  }

  private static Map<String, Object> flags(List<Map<String, Object>> calls) {
    TreeSet<String> checks = new TreeSet<>();
    for (Map<String, Object> call : calls) {
      CallOverview.attributes(call)
          .forEach(
              (key, value) -> {
                if (key.startsWith(FLAG_PREFIX) && value instanceof Boolean) {
                  checks.add(key.substring(FLAG_PREFIX.length()));
                }
              });
    }
    List<Long> times = new ArrayList<>();
    Map<Long, int[]> evaluated = new TreeMap<>();
    Map<String, Map<Long, Integer>> flagged = new LinkedHashMap<>();
    long bucket = CallOverview.bucketSeconds(calls);
    for (Map<String, Object> call : calls) {
      long time = Math.floorDiv(CallOverview.startSeconds(call), bucket) * bucket;
      evaluated.computeIfAbsent(time, t -> new int[1])[0]++;
      for (String check : flagsOf(call)) {
        flagged.computeIfAbsent(check, c -> new TreeMap<>()).merge(time, 1, Integer::sum);
      }
    }
    times.addAll(evaluated.keySet());
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, Integer> totals = new LinkedHashMap<>();
    for (String check : checks) {
      List<Double> series = new ArrayList<>();
      Map<Long, Integer> counts = flagged.getOrDefault(check, Map.of());
      for (long time : times) {
        series.add(counts.getOrDefault(time, 0) / (double) evaluated.get(time)[0]);
      }
      rates.put(check, series);
      totals.put(check, counts.values().stream().mapToInt(Integer::intValue).sum());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls.size());
    out.put("bucketSeconds", bucket);
    out.put("times", times);
    out.put("rates", rates);
    out.put("totals", totals);
    return out;
  }

  static List<String> flagsOf(Map<String, Object> call) {
    List<String> flags = new ArrayList<>();
    CallOverview.attributes(call)
        .forEach(
            (key, value) -> {
              if (key.startsWith(FLAG_PREFIX) && Boolean.TRUE.equals(value)) {
                flags.add(key.substring(FLAG_PREFIX.length()));
              }
            });
    return flags;
  }
}
