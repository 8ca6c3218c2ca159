package dev.genaiwatch.processor.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /api/overview}: per service and model, what the recent calls (the processor's bounded
 * recent-calls buffer) show, in total and per time bucket: calls, errors, p50/p95 of duration and
 * time to first chunk, mean output tokens per second, the KV-cache hit ratio (cached prompt tokens
 * over prompt tokens) and, when the spans carry {@value #COST}, the cost.
 */
public final class CallOverview {
  static final String COST = "genai_watch.cost.usd";
  static final int BUCKETS = 30;
  private static final long[] BUCKET_SECONDS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400
  };

  private CallOverview() {}

  /** {@code calls} as {@code GET /api/calls} lists them. */
  public static Map<String, Object> of(List<Map<String, Object>> calls) {
    Map<String, List<Map<String, Object>>> groups = new TreeMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Map<String, Object> call : calls) {
      String key = call.get("service.name") + "\n" + attributes(call).get("gen_ai.request.model");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(call);
      long start = startSeconds(call);
      first = Math.min(first, start);
      last = Math.max(last, start);
    }
    long bucket = bucketSeconds(calls.isEmpty() ? 0 : last - first);
    long origin = calls.isEmpty() ? 0 : Math.floorDiv(first, bucket) * bucket;
    int buckets = calls.isEmpty() ? 0 : (int) ((last - origin) / bucket) + 1;
    List<Map<String, Object>> out = new ArrayList<>();
    groups.forEach(
        (key, members) -> {
          String[] parts = key.split("\n", 2);
          Map<String, Object> group = new LinkedHashMap<>();
          group.put("service", parts[0]);
          group.put("model", parts[1]);
          group.putAll(summary(members));
          List<List<Map<String, Object>>> perBucket = new ArrayList<>();
          for (int i = 0; i < buckets; i++) {
            perBucket.add(new ArrayList<>());
          }
          for (Map<String, Object> call : members) {
            perBucket.get((int) ((startSeconds(call) - origin) / bucket)).add(call);
          }
          Map<String, List<Object>> series = new LinkedHashMap<>();
          for (List<Map<String, Object>> inBucket : perBucket) {
            summary(inBucket)
                .forEach(
                    (name, value) ->
                        series.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
          }
          group.put("series", series);
          out.add(group);
        });
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      times.add(origin + i * bucket);
    }
    Map<String, Object> overview = new LinkedHashMap<>();
    overview.put("calls", calls.size());
    overview.put("bucketSeconds", bucket);
    overview.put("times", times);
    overview.put("groups", out);
    return overview;
  }

  private static Map<String, Object> summary(List<Map<String, Object>> calls) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("calls", calls.size());
    summary.put("errors", calls.stream().filter(CallOverview::failed).count());
    double[] durations = values(calls, c -> number(c.get("durationSeconds")));
    double[] ttft =
        values(calls, c -> number(attributes(c).get("gen_ai.response.time_to_first_chunk")));
    summary.put("durationP50", Quantiles.of(durations, 0.5));
    summary.put("durationP95", Quantiles.of(durations, 0.95));
    summary.put("ttftP50", Quantiles.of(ttft, 0.5));
    summary.put("ttftP95", Quantiles.of(ttft, 0.95));
    summary.put(
        "tokensPerSecond",
        Quantiles.mean(
            values(calls, c -> number(attributes(c).get("genai_watch.output_tokens_per_second")))));
    double input = sum(calls, c -> number(attributes(c).get("gen_ai.usage.input_tokens")));
    double cached =
        sum(calls, c -> number(attributes(c).get("gen_ai.usage.cache_read.input_tokens")));
    summary.put("cacheHitRatio", input > 0 ? cached / input : null);
    boolean priced = calls.stream().anyMatch(c -> attributes(c).get(COST) instanceof Number);
    summary.put("costUsd", priced ? sum(calls, c -> number(attributes(c).get(COST))) : null);
    return summary;
  }

  static boolean failed(Map<String, Object> call) {
    return "STATUS_CODE_ERROR".equals(call.get("status"))
        || attributes(call).get("error.type") != null;
  }

  private static double[] values(
      List<Map<String, Object>> calls, ToDoubleFunction<Map<String, Object>> value) {
    return calls.stream().mapToDouble(value).filter(Double::isFinite).toArray();
  }

  private static double sum(
      List<Map<String, Object>> calls, ToDoubleFunction<Map<String, Object>> value) {
    return calls.stream().mapToDouble(value).filter(Double::isFinite).sum();
  }

  /** The bucket width that shows {@code calls} in at most {@value #BUCKETS} buckets. */
  static long bucketSeconds(List<Map<String, Object>> calls) {
    long first = calls.stream().mapToLong(CallOverview::startSeconds).min().orElse(0);
    long last = calls.stream().mapToLong(CallOverview::startSeconds).max().orElse(0);
    return bucketSeconds(last - first);
  }

  private static long bucketSeconds(long spanSeconds) {
    for (long candidate : BUCKET_SECONDS) {
      if (spanSeconds / candidate < BUCKETS) {
        return candidate;
      }
    }
    return BUCKET_SECONDS[BUCKET_SECONDS.length - 1];
  }

  static long startSeconds(Map<String, Object> call) {
    return ((Number) call.get("startTimeUnixNano")).longValue() / 1_000_000_000L;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> attributes(Map<String, Object> call) {
    return (Map<String, Object>) call.get("attributes");
  }

  static double number(Object value) {
    return value instanceof Number number ? number.doubleValue() : Double.NaN;
  }
}
