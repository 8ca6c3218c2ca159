package dev.genaiwatch.agent.export;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** {@code OTEL_TRACES_EXPORTER=logging-otlp}: spans as OTLP/JSON lines on stdout. */
final class OtlpJsonStdoutSpanExporter extends OtlpJsonStdout implements SpanExporter {
  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return OtlpJsonStdout.export(() -> TraceRequestMarshaler.create(spans));
  }
}
