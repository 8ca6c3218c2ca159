package dev.genaiwatch.processor.pipeline;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One accepted export request on its way through the queue; {@code items} is what the counters
 * count.
 */
public record ExportItem(Signal signal, Message request, int items) {

  public static ExportItem of(ExportTraceServiceRequest request) {
    return new ExportItem(
        Signal.TRACES,
        request,
        count(
            request.getResourceSpansList(),
            ResourceSpans::getScopeSpansList,
            ScopeSpans::getSpansCount));
  }

  public static ExportItem of(ExportMetricsServiceRequest request) {
    return new ExportItem(
        Signal.METRICS,
        request,
        count(
            request.getResourceMetricsList(),
            ResourceMetrics::getScopeMetricsList,
            ScopeMetrics::getMetricsCount));
  }

  public static ExportItem of(ExportLogsServiceRequest request) {
    return new ExportItem(
        Signal.LOGS,
        request,
        count(
            request.getResourceLogsList(),
            ResourceLogs::getScopeLogsList,
            ScopeLogs::getLogRecordsCount));
  }

  /** The items (spans, metrics, log records) in every scope of every resource. */
  private static <R, S> int count(
      List<R> resources, Function<R, List<S>> scopes, ToIntFunction<S> items) {
    return resources.stream().flatMap(r -> scopes.apply(r).stream()).mapToInt(items).sum();
  }
}
