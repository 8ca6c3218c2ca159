package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpExportTest {
  private static final String PROTOBUF = "application/x-protobuf";
  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void httpEndpointIsLoopbackBaseUrl() {
    assertThat(receiver.httpEndpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(receiver.httpEndpoint()).isNotEqualTo(receiver.grpcEndpoint());
  }

  @Test
  void protobufSpansAreDecodedWithAllAttributeTypes() {
    HttpResponse<byte[]> response = postSpan("chat gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    List<ReceivedSpan> spans = receiver.telemetry().spans();
    assertThat(spans).hasSize(1);
    ReceivedSpan span = spans.get(0);
    assertThat(span.traceId()).isEqualTo(SampleRequests.TRACE_ID);
    assertThat(span.spanId()).isEqualTo(SampleRequests.SPAN_ID);
    assertThat(span.parentSpanId()).isEqualTo(SampleRequests.PARENT_SPAN_ID);
    assertThat(span.name()).isEqualTo("chat gpt-4o");
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.statusMessage()).isEqualTo("rate limited");
    assertThat(span.durationSeconds()).isEqualTo(1.5);
    assertThat(span.attrString("gen_ai.request.model")).isEqualTo("gpt-4o");
    assertThat(span.attrLong("gen_ai.usage.input_tokens")).isEqualTo(12L);
    assertThat(span.attrDouble("gen_ai.request.temperature")).isEqualTo(0.7);
    assertThat(span.attrBool("gen_ai.request.stream")).isTrue();
    assertThat(span.attrList("gen_ai.response.finish_reasons"))
        .isEqualTo(List.of("stop", "length"));
    assertThat(span.attributes().get("request.meta")).isEqualTo(Map.of("tier", "free"));
    assertThat((byte[]) span.attributes().get("request.digest")).containsExactly(1, 2, 3);
    assertThat(span.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("gen_ai.content.prompt");
              assertThat(e.attrString("gen_ai.prompt")).isEqualTo("hello");
            });
    assertThat(span.resourceAttributes()).containsEntry("service.name", "checkout");
    assertThat(span.scopeName()).isEqualTo(SampleRequests.SCOPE);
    assertThat(span.scopeVersion()).isEqualTo("0.1.0");
  }

  @Test
  void successResponseIsAnEmptyExportResponse() throws Exception {
    HttpResponse<byte[]> response = postSpan("chat");

    assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    assertThat(ExportTraceServiceResponse.parseFrom(response.body()))
        .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
  }

  @Test
  void protobufMetricsAreFlattenedIntoPoints() {
    HttpExports.post(receiver, Signal.METRICS, PROTOBUF, SampleRequests.metrics().toByteArray());

    MetricAssertions.assertSampleMetrics(receiver.telemetry());
  }

  @Test
  void protobufLogsAreDecoded() {
    HttpExports.post(receiver, Signal.LOGS, PROTOBUF, SampleRequests.logs().toByteArray());

    LogAssertions.assertSampleLogs(receiver.telemetry());
  }

  @Test
  void jsonBodyWithHexIdsIsDecoded() {
    String json =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
            + "\"value\":{\"stringValue\":\"checkout\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},"
            + "\"spans\":[{\"traceId\":\""
            + SampleRequests.TRACE_ID
            + "\",\"spanId\":\""
            + SampleRequests.SPAN_ID
            + "\",\"parentSpanId\":\"\",\"name\":\"chat\",\"kind\":3,"
            + "\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000001000000000\","
            + "\"attributes\":[{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"42\"}}],"
            + "\"status\":{},\"someFieldFromTheFuture\":1}]}]}]}";

    HttpResponse<byte[]> response =
        HttpExports.post(
            receiver, Signal.TRACES, "application/json", json.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    ReceivedSpan span = receiver.telemetry().spans().get(0);
    assertThat(span.traceId()).isEqualTo(SampleRequests.TRACE_ID);
    assertThat(span.spanId()).isEqualTo(SampleRequests.SPAN_ID);
    assertThat(span.isRoot()).isTrue();
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.attrLong("gen_ai.usage.output_tokens")).isEqualTo(42L);
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.HTTP_JSON)).isEqualTo(1);
  }

  @Test
  void jsonBodyPrintedByJsonFormatIsDecoded() throws Exception {
    String json = JsonFormat.printer().print(SampleRequests.metrics());

    HttpExports.post(
        receiver,
        Signal.METRICS,
        "application/json; charset=utf-8",
        json.getBytes(StandardCharsets.UTF_8));

    MetricAssertions.assertSampleMetrics(receiver.telemetry());
  }

  @Test
  void gzipBodyIsDecompressed() {
    HttpResponse<byte[]> response =
        HttpExports.postGzipped(
            receiver, Signal.TRACES, PROTOBUF, SampleRequests.traces("gzipped").toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertReceivedSpans("gzipped");
  }

  @Test
  void malformedProtobufGets400AndReceiverKeepsWorking() {
    HttpResponse<byte[]> bad =
        HttpExports.post(
            receiver,
            Signal.TRACES,
            PROTOBUF,
            "definitely not protobuf".getBytes(StandardCharsets.UTF_8));

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("cannot decode");
    assertThat(receiver.telemetry().rejections()).singleElement().asString().contains("400");

    HttpResponse<byte[]> good = postSpan("after the bad one");
    assertThat(good.statusCode()).isEqualTo(200);
    assertReceivedSpans("after the bad one");
  }

  @Test
  void wrongContentTypeGets415() {
    HttpResponse<byte[]> response =
        HttpExports.post(
            receiver, Signal.TRACES, "text/plain", SampleRequests.traces("chat").toByteArray());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("text/plain");
    assertThat(receiver.telemetry().spans()).isEmpty();
  }

  @Test
  void unknownPathGets404() {
    HttpResponse<byte[]> response =
        HttpExports.send(
            HttpRequest.newBuilder(HttpExports.uri(receiver, "/v1/trace"))
                .header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(receiver.telemetry().rejections()).singleElement().asString().contains("/v1/trace");
  }

  @Test
  void requestsAreCountedPerSignalAndProtocol() {
    postSpan("a");
    postSpan("b");
    HttpExports.post(receiver, Signal.LOGS, PROTOBUF, SampleRequests.logs().toByteArray());

    assertThat(receiver.requestCount(Signal.TRACES, Protocol.HTTP_PROTOBUF)).isEqualTo(2);
    assertThat(receiver.requestCount(Signal.LOGS, Protocol.HTTP_PROTOBUF)).isEqualTo(1);
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.GRPC)).isZero();
    assertThat(receiver.requestCount(Signal.METRICS)).isZero();
  }

  @Test
  void resetForgetsTelemetryAndCounts() {
    postSpan("a");

    receiver.reset();

    assertThat(receiver.telemetry().spans()).isEmpty();
    assertThat(receiver.requestCount(Signal.TRACES)).isZero();
    assertThat(receiver.telemetry().awaitSpans(s -> true, 0, Duration.ZERO)).isEmpty();
  }

  /** Exports one span named {@code name} as OTLP/HTTP protobuf. */
  private HttpResponse<byte[]> postSpan(String name) {
    return HttpExports.post(
        receiver, Signal.TRACES, PROTOBUF, SampleRequests.traces(name).toByteArray());
  }

  private void assertReceivedSpans(String... names) {
    assertThat(receiver.telemetry().spans()).extracting(ReceivedSpan::name).containsExactly(names);
  }
}
