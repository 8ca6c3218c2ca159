package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.redaction.RedactionEngine;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link GenAiInstrumenter} uses the application's current span as the parent of a call. */
class ApplicationParentTest {
  private static final SpanContext APPLICATION_SPAN =
      SpanContext.create(
          "0af7651916cd43dd8448eb211c80319c",
          "b7ad6b7169203331",
          TraceFlags.getSampled(),
          TraceState.getDefault());

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = TestTelemetry.exportingTo(spans);

  @AfterEach
  void tearDown() {
    sdk.close();
  }

  private GenAiInstrumenter instrumenter(ApplicationContextBridge bridge) {
    return new GenAiInstrumenter(
        sdk,
        new ContentCapture(false, 0, RedactionEngine.defaults()),
        InstrumentationHealth.noop(),
        "test",
        bridge,
        CallOwnership.alone(),
        ContentOnExport.never());
  }

  private static LlmCall chat() {
    LlmCall call = new LlmCall();
    call.instrumentation = "test";
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = "m";
    return call;
  }

  private SpanData startAndEnd(GenAiInstrumenter instrumenter) {
    instrumenter.start(chat()).end();
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return spans.getFinishedSpanItems().get(0);
  }

  @Test
  void theApplicationSpanIsTheParentWhenGenaiWatchHasNone() {
    SpanData span = startAndEnd(instrumenter(() -> APPLICATION_SPAN));
    assertThat(span.getTraceId()).isEqualTo(APPLICATION_SPAN.getTraceId());
    assertThat(span.getParentSpanId()).isEqualTo(APPLICATION_SPAN.getSpanId());
  }

  @Test
  void genaiWatchsOwnCurrentSpanWinsOverTheApplicationSpan() {
    GenAiInstrumenter instrumenter = instrumenter(() -> APPLICATION_SPAN);
    Span framework =
        sdk.getTracer("t").spanBuilder("framework").setParent(Context.root()).startSpan();
    try (Scope ignored = framework.makeCurrent()) {
      instrumenter.start(chat()).end();
    }
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getParentSpanId()).isEqualTo(framework.getSpanContext().getSpanId());
  }

  @Test
  void withoutAnApplicationSpanTheCallStartsItsOwnTrace() {
    SpanData span = startAndEnd(instrumenter(ApplicationContextBridge.NONE));
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void aFailingBridgeCostsTheParentNotTheSpan() {
    SpanData span =
        startAndEnd(
            instrumenter(
                () -> {
                  throw new IllegalStateException("broken application API");
                }));
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }
}
