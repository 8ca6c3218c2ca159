package dev.genaiwatch.testing;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Flattens decoded OTLP messages into the receiver's records. */
final class OtlpConversion {
  private OtlpConversion() {}

  static List<ReceivedSpan> spans(ResourceSpans resourceSpans) {
    Map<String, Object> resource =
        AnyValues.attributes(resourceSpans.getResource().getAttributesList());
    List<ReceivedSpan> result = new ArrayList<>();
    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
      for (Span span : scopeSpans.getSpansList()) {
        result.add(
            new ReceivedSpan(
                AnyValues.hex(span.getTraceId()),
                AnyValues.hex(span.getSpanId()),
                AnyValues.hex(span.getParentSpanId()),
                span.getName(),
                shortName(span.getKind().name(), "SPAN_KIND_"),
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(),
                shortName(span.getStatus().getCode().name(), "STATUS_CODE_"),
                span.getStatus().getMessage(),
                AnyValues.attributes(span.getAttributesList()),
                events(span),
                resource,
                scopeSpans.getScope().getName(),
                scopeSpans.getScope().getVersion()));
      }
    }
    return result;
  }

  private static List<ReceivedEvent> events(Span span) {
    List<ReceivedEvent> events = new ArrayList<>();
    for (Span.Event event : span.getEventsList()) {
      events.add(
          new ReceivedEvent(
              event.getName(),
              event.getTimeUnixNano(),
              AnyValues.attributes(event.getAttributesList())));
    }
    return events;
  }

  static List<MetricPoint> metricPoints(ResourceMetrics resourceMetrics) {
    Map<String, Object> resource =
        AnyValues.attributes(resourceMetrics.getResource().getAttributesList());
    List<MetricPoint> result = new ArrayList<>();
    for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
      String scopeName = scopeMetrics.getScope().getName();
      for (Metric metric : scopeMetrics.getMetricsList()) {
        addPoints(new MetricContext(metric, resource, scopeName), result);
      }
    }
    return result;
  }

  /** What every point of one metric shares; keeps the per-type builders short. */
  private record MetricContext(Metric metric, Map<String, Object> resource, String scopeName) {}

  private static void addPoints(MetricContext ctx, List<MetricPoint> out) {
    Metric metric = ctx.metric();
    switch (metric.getDataCase()) {
      case GAUGE ->
          metric
              .getGauge()
              .getDataPointsList()
              .forEach(p -> out.add(numberPoint(ctx, "GAUGE", p, false, "")));
      case SUM ->
          metric
              .getSum()
              .getDataPointsList()
              .forEach(
                  p ->
                      out.add(
                          numberPoint(
                              ctx,
                              "SUM",
                              p,
                              metric.getSum().getIsMonotonic(),
                              temporality(metric.getSum().getAggregationTemporality()))));
      case HISTOGRAM ->
          metric
              .getHistogram()
              .getDataPointsList()
              .forEach(
                  p ->
                      out.add(
                          histogramPoint(
                              ctx,
                              p,
                              temporality(metric.getHistogram().getAggregationTemporality()))));
      case EXPONENTIAL_HISTOGRAM ->
          metric
              .getExponentialHistogram()
              .getDataPointsList()
              .forEach(
                  p ->
                      out.add(
                          exponentialHistogramPoint(
                              ctx,
                              p,
                              temporality(
                                  metric.getExponentialHistogram().getAggregationTemporality()))));
      case SUMMARY ->
          metric.getSummary().getDataPointsList().forEach(p -> out.add(summaryPoint(ctx, p)));
      case DATA_NOT_SET -> {} // a metric without data carries no points to assert on
    }
  }

  private static MetricPoint numberPoint(
      MetricContext ctx, String type, NumberDataPoint p, boolean monotonic, String temporality) {
    double value =
        switch (p.getValueCase()) {
          case AS_DOUBLE -> p.getAsDouble();
          case AS_INT -> p.getAsInt();
          case VALUE_NOT_SET -> Double.NaN;
        };
    return point(
        ctx,
        type,
        AnyValues.attributes(p.getAttributesList()),
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        value,
        monotonic,
        temporality,
        0,
        Double.NaN,
        null,
        null,
        List.of(),
        List.of());
  }

  private static MetricPoint histogramPoint(
      MetricContext ctx, HistogramDataPoint p, String temporality) {
    return point(
        ctx,
        "HISTOGRAM",
        AnyValues.attributes(p.getAttributesList()),
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        Double.NaN,
        false,
        temporality,
        p.getCount(),
        p.hasSum() ? p.getSum() : Double.NaN,
        p.hasMin() ? p.getMin() : null,
        p.hasMax() ? p.getMax() : null,
        p.getExplicitBoundsList(),
        p.getBucketCountsList());
  }

  private static MetricPoint exponentialHistogramPoint(
      MetricContext ctx, ExponentialHistogramDataPoint p, String temporality) {
    return point(
        ctx,
        "EXPONENTIAL_HISTOGRAM",
        AnyValues.attributes(p.getAttributesList()),
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        Double.NaN,
        false,
        temporality,
        p.getCount(),
        p.hasSum() ? p.getSum() : Double.NaN,
        p.hasMin() ? p.getMin() : null,
        p.hasMax() ? p.getMax() : null,
        List.of(),
        List.of());
  }

  private static MetricPoint summaryPoint(MetricContext ctx, SummaryDataPoint p) {
    return point(
        ctx,
        "SUMMARY",
        AnyValues.attributes(p.getAttributesList()),
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        Double.NaN,
        false,
        "",
        p.getCount(),
        p.getSum(),
        null,
        null,
        List.of(),
        List.of());
  }

  private static MetricPoint point(
      MetricContext ctx,
      String type,
      Map<String, Object> attributes,
      long start,
      long time,
      double value,
      boolean monotonic,
      String temporality,
      long count,
      double sum,
      Double min,
      Double max,
      List<Double> bounds,
      List<Long> bucketCounts) {
    Metric metric = ctx.metric();
    return new MetricPoint(
        metric.getName(),
        metric.getDescription(),
        metric.getUnit(),
        type,
        attributes,
        ctx.resource(),
        ctx.scopeName(),
        start,
        time,
        value,
        monotonic,
        temporality,
        count,
        sum,
        min,
        max,
        bounds,
        bucketCounts);
  }

  private static String temporality(AggregationTemporality temporality) {
    return shortName(temporality.name(), "AGGREGATION_TEMPORALITY_");
  }

  static List<ReceivedLog> logs(ResourceLogs resourceLogs) {
    Map<String, Object> resource =
        AnyValues.attributes(resourceLogs.getResource().getAttributesList());
    List<ReceivedLog> result = new ArrayList<>();
    for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
      for (LogRecord log : scopeLogs.getLogRecordsList()) {
        Object bodyValue = AnyValues.toJava(log.getBody());
        result.add(
            new ReceivedLog(
                bodyText(log.getBody(), bodyValue),
                log.getSeverityText(),
                AnyValues.attributes(log.getAttributesList()),
                AnyValues.hex(log.getTraceId()),
                AnyValues.hex(log.getSpanId()),
                resource,
                bodyValue,
                log.getSeverityNumberValue(),
                log.getEventName(),
                log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano(),
                scopeLogs.getScope().getName()));
      }
    }
    return result;
  }

  private static String bodyText(AnyValue body, Object bodyValue) {
    if (bodyValue == null) {
      return "";
    }
    if (body.hasBytesValue()) {
      return Base64.getEncoder().encodeToString((byte[]) bodyValue);
    }
    return String.valueOf(bodyValue);
  }

  /** Strips the proto enum prefix so callers compare against the names the spec uses. */
  private static String shortName(String enumName, String prefix) {
    return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
  }
}
