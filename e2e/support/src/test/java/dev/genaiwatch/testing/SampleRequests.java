package dev.genaiwatch.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;

/** OTLP requests built with the official proto builders, shaped like what an agent exports. */
final class SampleRequests {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN_ID = "b7ad6b7169203331";
  static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
  static final long START_NANOS = 1_700_000_000_000_000_000L;
  static final long END_NANOS = START_NANOS + 1_500_000_000L;
  static final String SCOPE = "dev.genaiwatch.openai-java";

  private SampleRequests() {}

  static ExportTraceServiceRequest traces(String spanName) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans(spanName)).build();
  }

  static ResourceSpans resourceSpans(String spanName) {
    Span span =
        Span.newBuilder()
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(SPAN_ID))
            .setParentSpanId(id(PARENT_SPAN_ID))
            .setName(spanName)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(START_NANOS)
            .setEndTimeUnixNano(END_NANOS)
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("rate limited"))
            .addAttributes(kv("gen_ai.operation.name", str("chat")))
            .addAttributes(kv("gen_ai.request.model", str("gpt-4o")))
            .addAttributes(
                kv("gen_ai.usage.input_tokens", AnyValue.newBuilder().setIntValue(12).build()))
            .addAttributes(
                kv("gen_ai.request.temperature", AnyValue.newBuilder().setDoubleValue(0.7).build()))
            .addAttributes(
                kv("gen_ai.request.stream", AnyValue.newBuilder().setBoolValue(true).build()))
            .addAttributes(
                kv(
                    "gen_ai.response.finish_reasons",
                    AnyValue.newBuilder()
                        .setArrayValue(
                            ArrayValue.newBuilder().addValues(str("stop")).addValues(str("length")))
                        .build()))
            .addAttributes(
                kv(
                    "request.meta",
                    AnyValue.newBuilder()
                        .setKvlistValue(
                            KeyValueList.newBuilder().addValues(kv("tier", str("free"))))
                        .build()))
            .addAttributes(
                kv(
                    "request.digest",
                    AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .build()))
            .addEvents(
                Span.Event.newBuilder()
                    .setName("gen_ai.content.prompt")
                    .setTimeUnixNano(START_NANOS + 1000)
                    .addAttributes(kv("gen_ai.prompt", str("hello"))))
            .build();
    return ResourceSpans.newBuilder()
        .setResource(resource())
        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope()).addSpans(span))
        .build();
  }

  static ExportMetricsServiceRequest metrics() {
    Metric histogram =
        Metric.newBuilder()
            .setName("gen_ai.client.token.usage")
            .setDescription("Measures number of input and output tokens used")
            .setUnit("{token}")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .addAttributes(kv("gen_ai.token.type", str("input")))
                            .setStartTimeUnixNano(START_NANOS)
                            .setTimeUnixNano(END_NANOS)
                            .setCount(3)
                            .setSum(30)
                            .setMin(2)
                            .setMax(16)
                            .addAllExplicitBounds(List.of(1.0, 4.0, 16.0))
                            .addAllBucketCounts(List.of(0L, 1L, 2L, 0L))))
            .build();
    Metric sum =
        Metric.newBuilder()
            .setName("genai_watch.requests")
            .setUnit("{request}")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(true)
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(kv("gen_ai.request.model", str("gpt-4o")))
                            .setTimeUnixNano(END_NANOS)
                            .setAsInt(7)))
            .build();
    Metric gauge =
        Metric.newBuilder()
            .setName("genai_watch.queue.fill")
            .setUnit("1")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder().setTimeUnixNano(END_NANOS).setAsDouble(0.25)))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource())
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(scope())
                        .addMetrics(histogram)
                        .addMetrics(sum)
                        .addMetrics(gauge)))
        .build();
  }

  static ExportLogsServiceRequest logs() {
    LogRecord text =
        LogRecord.newBuilder()
            .setTimeUnixNano(START_NANOS)
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
            .setSeverityText("INFO")
            .setBody(str("calling model"))
            .addAttributes(kv("gen_ai.system", str("openai")))
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(SPAN_ID))
            .build();
    LogRecord event =
        LogRecord.newBuilder()
            .setObservedTimeUnixNano(END_NANOS)
            .setEventName("gen_ai.choice")
            .setBody(
                AnyValue.newBuilder()
                    .setKvlistValue(
                        KeyValueList.newBuilder().addValues(kv("finish_reason", str("stop")))))
            .build();
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource())
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(scope())
                        .addLogRecords(text)
                        .addLogRecords(event)))
        .build();
  }

  private static Resource resource() {
    return Resource.newBuilder().addAttributes(kv("service.name", str("checkout"))).build();
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName(SCOPE).setVersion("0.1.0").build();
  }

  static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static AnyValue str(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }
}
