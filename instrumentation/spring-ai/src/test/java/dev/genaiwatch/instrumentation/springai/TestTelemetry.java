package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.redaction.RedactionEngine;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;

/** A real OpenTelemetry SDK exporting to memory, with a real {@link GenAiInstrumenter} installed agent-wide. */
final class TestTelemetry implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk;
  final GenAiInstrumenter instrumenter;

  TestTelemetry() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    instrumenter = new GenAiInstrumenter(sdk, new ContentCapture(true, 8192, RedactionEngine.defaults()),
        InstrumentationHealth.noop(), "test");
    GenAiWatch.install(instrumenter, GenAiWatchConfig.of(Map.of()));
  }

  List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  @Override
  public void close() {
    GenAiWatch.install(null, null);
    sdk.close();
  }
}
