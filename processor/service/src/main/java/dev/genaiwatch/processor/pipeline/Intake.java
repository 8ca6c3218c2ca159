package dev.genaiwatch.processor.pipeline;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.time.Duration;

/**
 * Where receivers hand accepted requests: the in-memory {@link Pipeline} or the on-disk {@link
 * DurablePipeline}. {@link #offer} never blocks; false means "answer the sender with OTLP's
 * retryable status".
 */
public interface Intake extends SpanSink, AutoCloseable {
  boolean offer(ExportItem item);

  /**
   * The processor's own items (judge calls, evaluation spans, drift records): never enriched, so
   * none is evaluated again and no incoming data can pass as one of them.
   */
  void emitOwn(ExportItem item);

  @Override
  default void emit(ResourceSpans spans) {
    emitOwn(ExportItem.of(ExportTraceServiceRequest.newBuilder().addResourceSpans(spans).build()));
  }

  /** Drift alarms leave as log records through the same path. */
  default void emitLogs(ResourceLogs logs) {
    emitOwn(ExportItem.of(ExportLogsServiceRequest.newBuilder().addResourceLogs(logs).build()));
  }

  /** Requests accepted and not yet forwarded (or given up on). */
  int queued();

  /** Stops accepting and lets the queue drain for up to {@code drainTimeout}. */
  void close(Duration drainTimeout);

  @Override
  default void close() {
    close(Duration.ofSeconds(10));
  }
}
