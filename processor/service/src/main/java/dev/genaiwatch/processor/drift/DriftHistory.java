package dev.genaiwatch.processor.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page draws over time for one key: per feature, its headline statistic at each of the
 * last {@value #POINTS} evaluations (by call count), and the last {@value #ALARMS} alarm starts and
 * ends. Bounded whatever the traffic; kept in memory only (a restarted processor starts a new
 * history, while the alarms themselves are persisted with the key).
 */
final class DriftHistory {
  static final int POINTS = 240;
  static final int ALARMS = 64;

  private final Map<String, ArrayDeque<double[]>> points = new LinkedHashMap<>();
  private final ArrayDeque<Map<String, Object>> alarms = new ArrayDeque<>();

  /** Called under the key's monitor. */
  void record(String feature, long call, double value) {
    ArrayDeque<double[]> series = points.computeIfAbsent(feature, f -> new ArrayDeque<>());
    series.addLast(new double[] {call, value});
    if (series.size() > POINTS) {
      series.removeFirst();
    }
  }

  /** Called under the key's monitor. */
  void alarm(String feature, boolean started, long call, String effect) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("feature", feature);
    event.put("started", started);
    event.put("call", call);
    event.put("effect", effect);
    alarms.addLast(event);
    if (alarms.size() > ALARMS) {
      alarms.removeFirst();
    }
  }

  /** {@code [[call, value], ...]}, oldest first. */
  List<double[]> series(String feature) {
    ArrayDeque<double[]> series = points.get(feature);
    return series == null ? List.of() : List.copyOf(series);
  }

  List<Map<String, Object>> alarms() {
    return new ArrayList<>(alarms);
  }
}
