package dev.genaiwatch.core;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.RetrievedDocument;
import dev.genaiwatch.core.testing.ExportingSdk;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FrameworkSpanTest {
  @RegisterExtension final ExportingSdk otel = new ExportingSdk();

  /** The {@code Assistant.chat} service span, made current as the framework's advice would. */
  private static FrameworkSpan currentService(GenAiInstrumenter instrumenter) {
    FrameworkSpan service = instrumenter.startFrameworkSpan("Assistant.chat", "test", null);
    service.enterScope();
    return service;
  }

  /**
   * Leaves {@code span}'s scope and ends it, as the framework's advice does when the method
   * returns.
   */
  private static void exitAndEnd(FrameworkSpan span) {
    span.exitScope();
    span.end();
  }

  /** The {@code weather} tool called for Paris, with its result recorded; not yet ended. */
  private FrameworkSpan weatherToolAnsweredSunny(boolean content) {
    FrameworkSpan tool =
        otel.instrumenter(content, 8192)
            .startToolSpan("weather", "call_1", "{\"city\":\"Paris\"}", "test", null);
    tool.recordToolResult("sunny");
    return tool;
  }

  /** A chat call made, and ended, in the current context. */
  private static void chatCall(GenAiInstrumenter instrumenter) {
    LlmCall call = new LlmCall();
    call.operation = LlmCall.OP_CHAT;
    call.instrumentation = "test";
    instrumenter.start(call).end();
  }

  private SpanData span(String name) {
    return otel.exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void llmCallsMadeWhileAFrameworkSpanIsCurrentAreItsChildren() {
    GenAiInstrumenter instrumenter = otel.instrumenter(true, 8192);
    FrameworkSpan service = currentService(instrumenter);
    chatCall(instrumenter);
    assertThat(GenAiInstrumenter.activeFrameworkSpan(Context.current())).isSameAs(service);
    exitAndEnd(service);

    assertThat(GenAiInstrumenter.activeFrameworkSpan(Context.current())).isNull();
    assertThat(span("Assistant.chat").getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span("chat").getParentSpanId()).isEqualTo(span("Assistant.chat").getSpanId());
  }

  @Test
  void chatCallsInsideARagSpanCarryTheRetrievedDocumentsAndTheirRedactions() {
    GenAiInstrumenter instrumenter = otel.instrumenter(true, 8192);
    FrameworkSpan service = currentService(instrumenter);
    service.recordRetrievedDocuments(
        List.of(new RetrievedDocument("d1", "Mail ops@example.com for access", null)));
    FrameworkSpan tool = instrumenter.startToolSpan("lookup", "call_1", "{}", "test", null);
    tool.enterScope();
    chatCall(instrumenter);
    exitAndEnd(tool);
    exitAndEnd(service);

    SpanData chat = span("chat");
    assertThat(chat.getAttributes().get(GenAiWatchAttributes.RAG_DOCUMENTS)).isEqualTo(1L);
    assertThat(chat.getAttributes().get(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS))
        .contains("\"id\":\"d1\"")
        .contains("<EMAIL>")
        .doesNotContain("ops@example.com");
    assertThat(chat.getAttributes().get(GenAiWatchAttributes.CONTENT_REDACTIONS)).isEqualTo(1L);
  }

  @Test
  void chatCallsOutsideARagSpanCarryNoDocuments() {
    GenAiInstrumenter instrumenter = otel.instrumenter(true, 8192);
    FrameworkSpan service = currentService(instrumenter);
    chatCall(instrumenter);
    exitAndEnd(service);

    assertThat(span("chat").getAttributes().get(GenAiWatchAttributes.RAG_DOCUMENTS)).isNull();
    assertThat(span("chat").getAttributes().get(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS))
        .isNull();
  }

  @Test
  void frameworkSpanIsAChildOfTheApplicationsCurrentSpan() {
    GenAiInstrumenter instrumenter = otel.instrumenter(true, 8192);
    Span app = otel.sdk.getTracer("app").spanBuilder("handle request").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      instrumenter.startFrameworkSpan("Assistant.chat", "test", null).end();
    }
    app.end();

    assertThat(span("Assistant.chat").getParentSpanId())
        .isEqualTo(app.getSpanContext().getSpanId());
  }

  @Test
  void toolSpanFollowsTheSemconvToolExecutionShape() {
    FrameworkSpan tool = weatherToolAnsweredSunny(true);
    tool.end();

    OpenTelemetryAssertions.assertThat(span("execute_tool weather"))
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute(GEN_AI_OPERATION_NAME, "execute_tool")
        .hasAttribute(GEN_AI_TOOL_NAME, "weather")
        .hasAttribute(GEN_AI_TOOL_CALL_ID, "call_1")
        .hasAttribute(GenAiWatchAttributes.GEN_AI_TOOL_CALL_ARGUMENTS, "{\"city\":\"Paris\"}")
        .hasAttribute(GenAiWatchAttributes.GEN_AI_TOOL_CALL_RESULT, "sunny");
  }

  @Test
  void withContentCaptureOffToolContentAndDocumentsAreNotRecordedButTheCountIs() {
    FrameworkSpan tool = weatherToolAnsweredSunny(false);
    tool.recordRetrievedDocuments(List.of(new RetrievedDocument("1", "doc", null)));
    tool.end();

    SpanData span = span("execute_tool weather");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_TOOL_CALL_ARGUMENTS)).isNull();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_TOOL_CALL_RESULT)).isNull();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS)).isNull();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.RAG_DOCUMENTS)).isEqualTo(1L);
  }

  @Test
  void documentsAreCutToTheContentLimitInTotalAndStayValidJson() {
    FrameworkSpan service =
        otel.instrumenter(true, 10).startFrameworkSpan("Assistant.chat", "test", null);
    service.recordRetrievedDocuments(
        List.of(
            new RetrievedDocument("a", "0123456789abc", 0.5),
            new RetrievedDocument("b", "more text", null)));
    service.end();

    SpanData span = span("Assistant.chat");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS))
        .isEqualTo(
            "[{\"id\":\"a\",\"content\":\"0123456789…\",\"score\":0.5},{\"id\":\"b\",\"content\":\"…\"}]");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.CONTENT_TRUNCATED)).isTrue();
  }

  @Test
  void endingTwiceRecordsTheFirstEndOnly() {
    FrameworkSpan service =
        otel.instrumenter(true, 8192).startFrameworkSpan("Assistant.chat", "test", null);
    service.endWithError(new IllegalStateException("boom"), null);
    service.end();

    assertThat(otel.exporter.getFinishedSpanItems()).hasSize(1);
    assertThat(span("Assistant.chat").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }
}
