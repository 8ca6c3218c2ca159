package dev.genaiwatch.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders received telemetry for assertion messages: when an e2e test fails, the first question is
 * "what did arrive?", and this answers it without a debugger. Output is capped so a chatty
 * application cannot bury the failure.
 */
public final class TelemetryDump {
  private static final int MAX_SPANS = 100;
  private static final int MAX_POINTS_PER_METRIC = 10;
  private static final int MAX_LOGS = 50;
  private static final int MAX_VALUE_CHARS = 120;

  private TelemetryDump() {}

  public static String describe(ReceivedTelemetry telemetry) {
    StringBuilder out = new StringBuilder();
    describeSpans(telemetry.spans(), out);
    describeMetrics(telemetry.metricPoints(), out);
    describeLogs(telemetry.logs(), out);
    List<String> rejections = telemetry.rejections();
    if (!rejections.isEmpty()) {
      out.append("Rejected requests (").append(rejections.size()).append("):\n");
      rejections.forEach(r -> out.append("  ").append(r).append('\n'));
    }
    return out.toString();
  }

  private static void describeSpans(List<ReceivedSpan> spans, StringBuilder out) {
    out.append("Spans (").append(spans.size()).append("):\n");
    for (ReceivedSpan span : spans.subList(0, Math.min(spans.size(), MAX_SPANS))) {
      out.append("  '")
          .append(span.name())
          .append("' ")
          .append(span.kind())
          .append(" status=")
          .append(span.statusCode());
      if (!span.statusMessage().isEmpty()) {
        out.append('(').append(truncate(span.statusMessage())).append(')');
      }
      out.append(" trace=").append(span.traceId()).append(" span=").append(span.spanId());
      if (!span.isRoot()) {
        out.append(" parent=").append(span.parentSpanId());
      }
      out.append(" scope=").append(span.scopeName()).append(' ').append(render(span.attributes()));
      if (!span.events().isEmpty()) {
        out.append(" events=")
            .append(
                span.events().stream()
                    .map(ReceivedEvent::name)
                    .collect(Collectors.joining(",", "[", "]")));
      }
      out.append('\n');
    }
    appendOmitted(spans.size() - MAX_SPANS, "spans", out);
  }

  private static void describeMetrics(List<MetricPoint> points, StringBuilder out) {
    Map<String, List<MetricPoint>> byName = new LinkedHashMap<>();
    points.forEach(p -> byName.computeIfAbsent(p.metricName(), k -> new ArrayList<>()).add(p));
    out.append("Metrics (")
        .append(byName.size())
        .append(" names, ")
        .append(points.size())
        .append(" points):\n");
    byName.forEach(
        (name, namePoints) -> {
          MetricPoint first = namePoints.get(0);
          out.append("  ")
              .append(name)
              .append(' ')
              .append(first.type())
              .append(" unit='")
              .append(first.unit())
              .append("' ")
              .append(namePoints.size())
              .append(namePoints.size() == 1 ? " point\n" : " points\n");
          for (MetricPoint p :
              namePoints.subList(0, Math.min(namePoints.size(), MAX_POINTS_PER_METRIC))) {
            out.append("    ")
                .append(render(p.attributes()))
                .append(' ')
                .append(valueOf(p))
                .append('\n');
          }
          appendOmitted(namePoints.size() - MAX_POINTS_PER_METRIC, "points", out);
        });
  }

  private static String valueOf(MetricPoint p) {
    return switch (p.type()) {
      case "HISTOGRAM" ->
          "count="
              + p.count()
              + " sum="
              + p.sum()
              + " min="
              + p.min()
              + " max="
              + p.max()
              + " bounds="
              + p.explicitBounds()
              + " buckets="
              + p.bucketCounts();
      case "EXPONENTIAL_HISTOGRAM", "SUMMARY" -> "count=" + p.count() + " sum=" + p.sum();
      default ->
          "value="
              + p.value()
              + (p.aggregationTemporality().isEmpty() ? "" : " " + p.aggregationTemporality());
    };
  }

  private static void describeLogs(List<ReceivedLog> logs, StringBuilder out) {
    out.append("Logs (").append(logs.size()).append("):\n");
    for (ReceivedLog log : logs.subList(0, Math.min(logs.size(), MAX_LOGS))) {
      out.append("  ").append(log.severityText().isEmpty() ? "-" : log.severityText());
      if (!log.eventName().isEmpty()) {
        out.append(" event=").append(log.eventName());
      }
      out.append(" body='")
          .append(truncate(log.body()))
          .append("' ")
          .append(render(log.attributes()));
      if (!log.traceId().isEmpty()) {
        out.append(" trace=").append(log.traceId());
      }
      out.append('\n');
    }
    appendOmitted(logs.size() - MAX_LOGS, "log records", out);
  }

  /** Sorted by key so two dumps of the same data diff cleanly. */
  private static String render(Map<String, Object> attributes) {
    return new TreeMap<>(attributes)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + truncate(valueText(e.getValue())))
            .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String valueText(Object value) {
    return value instanceof byte[] bytes ? "bytes" + Arrays.toString(bytes) : String.valueOf(value);
  }

  private static String truncate(String text) {
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "…";
  }

  private static void appendOmitted(int omitted, String what, StringBuilder out) {
    if (omitted > 0) {
      out.append("  … ").append(omitted).append(" more ").append(what).append('\n');
    }
  }
}
