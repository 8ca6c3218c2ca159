package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.redaction.RedactionEngine;
import dev.genaiwatch.core.model.LlmCall;
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

  ActiveLlmCall startStreamingChat() {
    LlmCall call = new LlmCall();
    call.instrumentation = LangChain4jInstrumentationModule.NAME;
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = "qwen2.5-7b-instruct";
    call.stream = true;
    return instrumenter.start(call);
  }

  List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  SpanData span(String name) {
    return finished().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + finished()));
  }

  @Override
  public void close() {
    GenAiWatch.install(null, null);
    sdk.close();
  }
}
