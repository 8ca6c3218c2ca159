package dev.genaiwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenTelemetry SDK exporting to memory, with a real {@link GenAiInstrumenter} installed as
 * the agent-wide one (extractors ask {@link GenAiWatch#instrumenter()} whether content capture is
 * on). Shared by the instrumentations' tests through the core's test jar. A test class holding one
 * in a {@code @RegisterExtension} field has it uninstalled after each test.
 */
public final class TestTelemetry implements AutoCloseable, AfterEachCallback {
  public final InMemorySpanExporter spans = InMemorySpanExporter.create();
  public final OpenTelemetrySdk sdk;
  public final GenAiInstrumenter instrumenter;
  private boolean closed;

  private TestTelemetry(boolean captureContent, Map<String, String> settings) {
    sdk = exportingTo(spans);
    instrumenter = ExportingSdk.instrumenterOn(sdk, captureContent, 8192);
    GenAiWatch.install(instrumenter, GenAiWatchConfig.of(settings));
  }

  /** Installs a fresh instrumenter agent-wide; {@link #close} uninstalls it. */
  public static TestTelemetry install(boolean captureContent) {
    return install(captureContent, Map.of());
  }

  /**
   * As {@link #install(boolean)}, with the agent configured by {@code settings} (keys as in the
   * agent's config).
   */
  public static TestTelemetry install(boolean captureContent, Map<String, String> settings) {
    return new TestTelemetry(captureContent, settings);
  }

  /**
   * A real SDK whose spans end up in {@code exporter} as soon as they end, for tests that build
   * their own parts.
   */
  public static OpenTelemetrySdk exportingTo(InMemorySpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
        .build();
  }

  /** Starts a chat call of {@code instrumentation} the way its advice would. */
  public ActiveLlmCall startChat(String instrumentation, boolean stream) {
    LlmCall call = new LlmCall();
    call.instrumentation = instrumentation;
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = "qwen2.5-7b-instruct";
    call.stream = stream;
    return instrumenter.start(call);
  }

  public List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  public SpanData onlySpan() {
    List<SpanData> finished = finished();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  public SpanData span(String name) {
    return finished().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + finished()));
  }

  /**
   * The one span, once it has ended: HTTP clients end some spans on their I/O threads (a cancelled
   * stream when its connection closes), which may be just after the application's code returned.
   */
  public SpanData awaitOnlySpan() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (finished().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return onlySpan();
  }

  public static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  public static Long attrLong(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Uninstalls the instrumenter and shuts the SDK down; closing again does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    GenAiWatch.install(null, null);
    sdk.close();
  }
}
