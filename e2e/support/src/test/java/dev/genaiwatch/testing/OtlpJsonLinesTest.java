package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonLinesTest {
  private static final JsonFormat.Printer ONE_LINE =
      JsonFormat.printer().omittingInsignificantWhitespace();

  @Test
  void mixedOutputYieldsSpansFromRequestAndBareResourceSpansLines() throws Exception {
    String text =
        String.join(
            "\n",
            "Starting demo app...",
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}",
            ONE_LINE.print(SampleRequests.traces("chat from request")),
            "Got answer: {not json",
            ONE_LINE.print(SampleRequests.resourceSpans("chat from resource spans")),
            "Done.");

    ReceivedTelemetry telemetry = ReceivedTelemetry.fromOtlpJsonLines(text);

    assertThat(telemetry.spans())
        .extracting(ReceivedSpan::name)
        .containsExactly("chat from request", "chat from resource spans");
    assertThat(telemetry.spans())
        .allSatisfy(
            span -> {
              assertThat(span.traceId()).isEqualTo(SampleRequests.TRACE_ID);
              assertThat(span.attrLong("gen_ai.usage.input_tokens")).isEqualTo(12L);
            });
  }

  @Test
  void metricsAndLogsLinesAreRecognised() throws Exception {
    String text =
        ONE_LINE.print(SampleRequests.metrics())
            + "\r\n"
            + ONE_LINE.print(SampleRequests.logs().getResourceLogs(0))
            + "\n";

    ReceivedTelemetry telemetry = ReceivedTelemetry.fromOtlpJsonLines(text);

    MetricAssertions.assertSampleMetrics(telemetry);
    LogAssertions.assertSampleLogs(telemetry);
  }

  @Test
  void hexIdsAsPrintedByOpenTelemetryAreDecoded() {
    String line =
        "{\"resource\":{},\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},\"spans\":[{"
            + "\"traceId\":\""
            + SampleRequests.TRACE_ID
            + "\",\"spanId\":\""
            + SampleRequests.SPAN_ID
            + "\",\"parentSpanId\":\""
            + SampleRequests.PARENT_SPAN_ID
            + "\",\"name\":\"chat\","
            + "\"kind\":3,\"status\":{\"code\":2}}]}]}";

    ReceivedSpan span = ReceivedTelemetry.fromOtlpJsonLines(line).spans().get(0);

    assertThat(span.traceId()).isEqualTo(SampleRequests.TRACE_ID);
    assertThat(span.spanId()).isEqualTo(SampleRequests.SPAN_ID);
    assertThat(span.parentSpanId()).isEqualTo(SampleRequests.PARENT_SPAN_ID);
    assertThat(span.statusCode()).isEqualTo("ERROR");
  }

  @Test
  void loggerPrefixBeforeJsonIsSkipped() throws Exception {
    String text =
        "Jan 01, 2025 io.opentelemetry.exporter.logging.otlp export\n"
            + "INFO: "
            + ONE_LINE.print(SampleRequests.traces("chat"));

    assertThat(ReceivedTelemetry.fromOtlpJsonLines(text).spans()).hasSize(1);
  }

  @Test
  void undecodableOtlpLineIsReportedNotDropped() {
    String text = "app output\n{\"resourceSpans\":[{\"scopeSpans\":\"not a list\"}]}";

    assertThatThrownBy(() -> ReceivedTelemetry.fromOtlpJsonLines(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void textWithoutOtlpYieldsNothing() {
    ReceivedTelemetry telemetry = ReceivedTelemetry.fromOtlpJsonLines("hello\n{}\n[1,2]\n");

    assertThat(telemetry.spans()).isEmpty();
    assertThat(telemetry.metricPoints()).isEmpty();
    assertThat(telemetry.logs()).isEmpty();
  }
}
