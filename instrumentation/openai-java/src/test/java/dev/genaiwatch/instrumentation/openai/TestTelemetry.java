package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
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
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A real OpenTelemetry SDK exporting to memory, with a real {@link GenAiInstrumenter} installed as the
 * agent-wide one (the extractor asks {@link GenAiWatch#instrumenter()} whether content capture is on).
 */
final class TestTelemetry implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk;
  final GenAiInstrumenter instrumenter;

  private TestTelemetry(boolean captureContent) {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    instrumenter = new GenAiInstrumenter(sdk, new ContentCapture(captureContent, 8192, RedactionEngine.defaults()),
        InstrumentationHealth.noop(), "test");
    GenAiWatch.install(instrumenter, GenAiWatchConfig.of(Map.of()));
  }

  static TestTelemetry install(boolean captureContent) {
    return new TestTelemetry(captureContent);
  }

  ActiveLlmCall startChat(boolean stream) {
    LlmCall call = new LlmCall();
    call.instrumentation = OpenAiJavaInstrumentationModule.NAME;
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = "qwen2.5-7b-instruct";
    call.stream = stream;
    return instrumenter.start(call);
  }

  SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  /** What the SDK does on the wire: parse the server's JSON with its own mapper. */
  static <T> T parse(String json, Class<T> type) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    GenAiWatch.install(null, null);
    sdk.close();
  }
}
