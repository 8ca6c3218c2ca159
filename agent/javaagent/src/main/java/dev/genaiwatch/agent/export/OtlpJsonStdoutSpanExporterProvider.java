package dev.genaiwatch.agent.export;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** Registers {@code OTEL_TRACES_EXPORTER=logging-otlp} with SDK autoconfigure. */
public final class OtlpJsonStdoutSpanExporterProvider implements ConfigurableSpanExporterProvider {
  @Override
  public String getName() {
    return "logging-otlp";
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new OtlpJsonStdoutSpanExporter();
  }
}
