package dev.genaiwatch.processor.pipeline;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.time.Duration;

/**
 * Where receivers hand accepted requests: the in-memory {@link Pipeline} or the on-disk {@link
 * DurablePipeline}. {@link #offer} never blocks; false means "answer the sender with OTLP's
 * retryable status".
 */
public interface Intake extends SpanSink, AutoCloseable {
  boolean offer(ExportItem item);

  /** Drift alarms leave as log records through the same path. */
  void emitLogs(ResourceLogs logs);

  /** Requests accepted and not yet forwarded (or given up on). */
  int queued();

  /** Stops accepting and lets the queue drain for up to {@code drainTimeout}. */
  void close(Duration drainTimeout);

  @Override
  default void close() {
    close(Duration.ofSeconds(10));
  }
}
