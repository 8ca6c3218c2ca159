package dev.genaiwatch.agent.export;

import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/** {@code OTEL_METRICS_EXPORTER=logging-otlp}: metrics as OTLP/JSON lines on stdout, cumulative. */
final class OtlpJsonStdoutMetricExporter extends OtlpJsonStdout implements MetricExporter {
  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return OtlpJsonStdout.export(() -> MetricsRequestMarshaler.create(metrics));
  }
}
