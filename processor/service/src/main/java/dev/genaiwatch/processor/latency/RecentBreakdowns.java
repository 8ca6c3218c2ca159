package dev.genaiwatch.processor.latency;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/latency} shows: per service, model and server the split over every joined
 * call (means) and over its latest {@link #LATEST_PER_KEY} (medians, so a burst shows up at once),
 * and the newest joined pairs. Bounded: {@code capacity} pairs, {@link LatencyMetrics#MAX_KEYS}
 * keys (the rest are summed under {@code _other}), {@link #LATEST_PER_KEY} pairs per key.
 */
final class RecentBreakdowns {
  static final int LATEST_PER_KEY = 20;

  private final int capacity;
  private final ArrayDeque<LatencyBreakdown> recent;
  private final Map<String, KeySplit> keys = new LinkedHashMap<>();

  private static final class KeySplit {
    final String service;
    final String model;
    final String server;
    final SplitSummary all = new SplitSummary();
    final ArrayDeque<LatencyBreakdown> latestPairs = new ArrayDeque<>();

    KeySplit(String service, String model, String server) {
      this.service = service;
      this.model = model;
      this.server = server;
    }
  }

  RecentBreakdowns(int capacity) {
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  synchronized void add(LatencyBreakdown b) {
    if (recent.size() == capacity) {
      recent.removeFirst();
    }
    recent.addLast(b);
    KeySplit split = split(b);
    split.all.add(b);
    split.latestPairs.addLast(b);
    if (split.latestPairs.size() > LATEST_PER_KEY) {
      split.latestPairs.removeFirst();
    }
  }

  private KeySplit split(LatencyBreakdown b) {
    String key = b.serviceName() + '\n' + b.model() + '\n' + b.server();
    KeySplit split = keys.get(key);
    if (split == null) {
      if (keys.size() >= LatencyMetrics.MAX_KEYS) {
        String o = LatencyMetrics.OTHER;
        return keys.computeIfAbsent(o + '\n' + o + '\n' + o, k -> new KeySplit(o, o, o));
      }
      split = new KeySplit(b.serviceName(), b.model(), b.server());
      keys.put(key, split);
    }
    return split;
  }

  /** The JSON view: {@code keys} (aggregated split per service/model/server) and {@code recent}. */
  synchronized Map<String, Object> toJson() {
    List<Map<String, Object>> keyViews = new ArrayList<>();
    for (KeySplit split : keys.values()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("serviceName", split.service);
      view.put("model", split.model);
      view.put("server", split.server);
      view.put("all", split.all.toJson());
      view.put("latest", SplitSummary.medians(split.latestPairs));
      keyViews.add(view);
    }
    List<Map<String, Object>> pairs = new ArrayList<>(recent.size());
    recent.forEach(b -> pairs.add(pair(b)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("keys", keyViews);
    out.put("recent", pairs);
    return out;
  }

  private static Map<String, Object> pair(LatencyBreakdown b) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("traceId", b.traceId());
    p.put("clientSpanId", b.clientSpanId());
    p.put("serviceName", b.serviceName());
    p.put("operation", b.operation());
    p.put("model", b.model());
    p.put("server", b.server());
    p.put("responseId", b.responseId());
    p.put("streamed", b.streamed());
    p.put("clientStartEpochNanos", b.clientStartEpochNanos());
    p.put("clientDurationMs", b.clientDurationNanos() / 1e6);
    p.put("clientTimeToFirstChunkMs", b.streamed() ? b.clientTimeToFirstChunkNanos() / 1e6 : null);
    p.put("networkMs", b.networkNanos() / 1e6);
    p.put("queueMs", b.queueNanos() / 1e6);
    p.put("prefillMs", b.prefillNanos() / 1e6);
    p.put("decodeMs", b.decodeNanos() / 1e6);
    p.put("serverTimeToFirstTokenMs", b.serverTimeToFirstTokenNanos() / 1e6);
    p.put("serverE2eMs", b.serverE2eNanos() / 1e6);
    p.put("dominantPart", b.dominantPart());
    p.put("clientInputTokens", b.clientInputTokens());
    p.put("clientOutputTokens", b.clientOutputTokens());
    p.put("serverPromptTokens", b.serverPromptTokens());
    p.put("serverCompletionTokens", b.serverCompletionTokens());
    p.put("tokenMismatch", b.tokenMismatch());
    return p;
  }
}
