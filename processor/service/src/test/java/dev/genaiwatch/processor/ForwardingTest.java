package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.pipeline.SpanEnricher;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.Protocol;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingTest {
  @TempDir Path dataDir;
  OtlpReceiver downstream;

  @BeforeEach
  void startDownstream() {
    downstream = OtlpReceiver.start();
  }

  @AfterEach
  void stopDownstream() {
    downstream.close();
  }

  private TestProcessor processorForwardingOver(String protocol, List<SpanEnricher> enrichers) {
    String endpoint =
        protocol.equals("grpc") ? downstream.grpcEndpoint() : downstream.httpEndpoint();
    return TestProcessor.start(
        dataDir,
        Map.of("downstream.endpoint", endpoint, "downstream.protocol", protocol),
        enrichers);
  }

  @Test
  void spansReceivedOverHttpAreForwardedOverGrpc() {
    try (TestProcessor p = processorForwardingOver("grpc", List.of())) {
      assertThat(
              p.client
                  .postTraces(GenAiCalls.request("shop", GenAiCalls.chat("m", 10, 5, "hi")))
                  .statusCode())
          .isEqualTo(200);
      List<ReceivedSpan> spans =
          downstream.telemetry().awaitSpans(s -> true, 1, Duration.ofSeconds(30));
      assertThat(spans.get(0).name()).isEqualTo("chat m");
      assertThat(spans.get(0).resourceAttributes()).containsEntry("service.name", "shop");
      assertThat(downstream.requestCount(Signal.TRACES, Protocol.GRPC)).isEqualTo(1);
    }
  }

  @Test
  void spansReceivedOverGrpcAreForwardedOverHttp() {
    try (TestProcessor p = processorForwardingOver("http/protobuf", List.of())) {
      p.client.grpcTraces().export(GenAiCalls.request("shop", GenAiCalls.chat("m", 10, 5, "hi")));
      downstream.telemetry().awaitSpans(s -> s.name().equals("chat m"), 1, Duration.ofSeconds(30));
      assertThat(downstream.requestCount(Signal.TRACES, Protocol.HTTP_PROTOBUF)).isEqualTo(1);
    }
  }

  @Test
  void nonGenAiSpansPassThroughByteForByte() {
    ExportTraceServiceRequest sent = GenAiCalls.request("shop", GenAiCalls.plain("GET /orders"));
    SpanEnricher marker =
        (resource, scope, span) -> span.addAttributes(GenAiCalls.string("marked", "yes"));
    try (TestProcessor p = processorForwardingOver("http/protobuf", List.of(marker))) {
      p.client.postTraces(sent);
      ReceivedSpan received =
          downstream.telemetry().awaitSpans(s -> true, 1, Duration.ofSeconds(30)).get(0);
      assertThat(received.attributes()).isEqualTo(Map.of("http.route", "/orders"));
      assertThat(received.name()).isEqualTo("GET /orders");
    }
  }

  @Test
  void genAiSpansGoThroughTheEnrichersAndKeepEverythingElse() {
    Span call = GenAiCalls.chat("m", 10, 5, "hi");
    SpanEnricher marker =
        (resource, scope, span) -> span.addAttributes(GenAiCalls.string("marked", "yes"));
    try (TestProcessor p = processorForwardingOver("grpc", List.of(marker))) {
      p.client.postTraces(GenAiCalls.request("shop", call));
      ReceivedSpan received =
          downstream.telemetry().awaitSpans(s -> true, 1, Duration.ofSeconds(30)).get(0);
      Map<String, Object> attributes = new HashMap<>(received.attributes());
      // The built-in evaluator adds its heuristics (genai_watch.eval.*) to every GenAI span.
      assertThat(attributes.keySet().removeIf(k -> k.startsWith("genai_watch.eval."))).isTrue();
      assertThat(attributes)
          .containsEntry("marked", "yes")
          .containsEntry("gen_ai.usage.input_tokens", 10L)
          .hasSize(call.getAttributesCount() + 1);
      assertThat(received.startEpochNanos()).isEqualTo(call.getStartTimeUnixNano());
    }
  }

  @Test
  void anEnricherThatThrowsIsCountedAndTheSpanIsStillForwarded() {
    SpanEnricher broken =
        (resource, scope, span) -> {
          throw new IllegalStateException("boom");
        };
    try (TestProcessor p = processorForwardingOver("grpc", List.of(broken))) {
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.chat("m", 10, 5, "hi")));
      downstream.telemetry().awaitSpans(s -> s.name().equals("chat m"), 1, Duration.ofSeconds(30));
      assertThat(
              p.client.metric(
                  "genai_watch_processor_enricher_errors_total{enricher=\""
                      + broken.getClass().getSimpleName()
                      + "\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void gzipCompressedOtlpHttpIsAccepted() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(GenAiCalls.request("shop", GenAiCalls.plain("zipped")).toByteArray());
    }
    try (TestProcessor p = processorForwardingOver("grpc", List.of())) {
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + p.processor.httpPort() + "/v1/traces"))
                      .header("Content-Type", "application/x-protobuf")
                      .header("Content-Encoding", "gzip")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      downstream.telemetry().awaitSpans(s -> s.name().equals("zipped"), 1, Duration.ofSeconds(30));
    }
  }

  @Test
  void metricsAndLogsAreForwardedUnchanged() {
    ExportMetricsServiceRequest metrics =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("queue.depth")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setAsInt(7)
                                                    .setTimeUnixNano(1))))))
            .build();
    ExportLogsServiceRequest logs =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setTimeUnixNano(1)
                                    .setBody(AnyValue.newBuilder().setStringValue("order placed"))
                                    .addAttributes(
                                        KeyValue.newBuilder()
                                            .setKey("order.id")
                                            .setValue(
                                                AnyValue.newBuilder().setStringValue("42"))))))
            .build();
    try (TestProcessor p = processorForwardingOver("grpc", List.of())) {
      assertThat(
              p.client
                  .post("/v1/metrics", "application/x-protobuf", metrics.toByteArray(), null)
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              p.client
                  .post("/v1/logs", "application/x-protobuf", logs.toByteArray(), null)
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              downstream
                  .telemetry()
                  .awaitMetricPoints("queue.depth", x -> true, 1, Duration.ofSeconds(30)))
          .hasSize(1);
      assertThat(
              downstream
                  .telemetry()
                  .awaitLogs(l -> l.body().equals("order placed"), 1, Duration.ofSeconds(30))
                  .get(0)
                  .attrString("order.id"))
          .isEqualTo("42");
    }
  }

  @Test
  void spansEmittedThroughTheSinkAreForwarded() {
    try (TestProcessor p = processorForwardingOver("grpc", List.of())) {
      p.processor
          .spanSink()
          .emit(GenAiCalls.resourceSpans("evaluator", GenAiCalls.plain("evaluate relevance")));
      downstream
          .telemetry()
          .awaitSpans(s -> s.name().equals("evaluate relevance"), 1, Duration.ofSeconds(30));
    }
  }

  @Test
  void withoutADownstreamRecentGenAiCallsAreServedByTheApi() {
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of())) {
      p.client.postTraces(
          GenAiCalls.request(
              "shop",
              GenAiCalls.chat("m", 11, 5, "first"),
              GenAiCalls.plain("GET /orders"),
              GenAiCalls.chat("m", 12, 5, "second")));
      TestProcessor.await(
          "two calls in the buffer",
          () -> p.client.getJson("/api/calls?limit=10").path("calls").size() == 2);
      var calls = p.client.getJson("/api/calls?limit=1").path("calls");
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0).path("attributes").path("gen_ai.usage.input_tokens").asLong())
          .isEqualTo(12);
      assertThat(calls.get(0).path("service.name").asText()).isEqualTo("shop");
    }
  }
}
