package dev.genaiwatch.agent.export;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/** Registers {@code OTEL_METRICS_EXPORTER=logging-otlp} with SDK autoconfigure. */
public final class OtlpJsonStdoutMetricExporterProvider
    implements ConfigurableMetricExporterProvider {
  @Override
  public String getName() {
    return "logging-otlp";
  }

  @Override
  public MetricExporter createExporter(ConfigProperties config) {
    return new OtlpJsonStdoutMetricExporter();
  }
}
