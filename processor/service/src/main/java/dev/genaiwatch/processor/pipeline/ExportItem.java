package dev.genaiwatch.processor.pipeline;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * One accepted export request on its way through the queue; {@code items} is what the counters
 * count.
 */
public record ExportItem(Signal signal, Message request, int items) {

  public static ExportItem of(ExportTraceServiceRequest request) {
    int spans =
        request.getResourceSpansList().stream()
            .flatMap(rs -> rs.getScopeSpansList().stream())
            .mapToInt(ss -> ss.getSpansCount())
            .sum();
    return new ExportItem(Signal.TRACES, request, spans);
  }

  public static ExportItem of(ExportMetricsServiceRequest request) {
    int metrics =
        request.getResourceMetricsList().stream()
            .flatMap(rm -> rm.getScopeMetricsList().stream())
            .mapToInt(sm -> sm.getMetricsCount())
            .sum();
    return new ExportItem(Signal.METRICS, request, metrics);
  }

  public static ExportItem of(ExportLogsServiceRequest request) {
    int records =
        request.getResourceLogsList().stream()
            .flatMap(rl -> rl.getScopeLogsList().stream())
            .mapToInt(sl -> sl.getLogRecordsCount())
            .sum();
    return new ExportItem(Signal.LOGS, request, records);
  }
}
