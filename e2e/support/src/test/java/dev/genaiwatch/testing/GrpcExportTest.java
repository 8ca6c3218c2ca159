package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.junit.jupiter.api.Test;

class GrpcExportTest extends ReceiverAndGrpcChannel {
  @Test
  void grpcEndpointIsLoopbackUrl() {
    assertThat(receiver.grpcEndpoint()).isEqualTo("http://127.0.0.1:" + receiver.grpcPort());
  }

  @Test
  void spansAreReceivedAndCountedAsGrpc() {
    ExportTraceServiceResponse response =
        TraceServiceGrpc.newBlockingStub(channel).export(SampleRequests.traces("chat gpt-4o"));

    assertThat(response).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
    ReceivedSpan span = receiver.telemetry().spans().get(0);
    assertThat(span.name()).isEqualTo("chat gpt-4o");
    assertThat(span.traceId()).isEqualTo(SampleRequests.TRACE_ID);
    assertThat(span.attrLong("gen_ai.usage.input_tokens")).isEqualTo(12L);
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.GRPC)).isEqualTo(1);
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.HTTP_PROTOBUF)).isZero();
  }

  @Test
  void metricsAreFlattenedIntoPoints() {
    MetricsServiceGrpc.newBlockingStub(channel).export(SampleRequests.metrics());

    MetricAssertions.assertSampleMetrics(receiver.telemetry());
    assertThat(receiver.requestCount(Signal.METRICS, Protocol.GRPC)).isEqualTo(1);
  }

  @Test
  void logsAreDecoded() {
    LogsServiceGrpc.newBlockingStub(channel).export(SampleRequests.logs());

    LogAssertions.assertSampleLogs(receiver.telemetry());
  }

  @Test
  void gzipCompressedRequestsAreAccepted() {
    TraceServiceGrpc.newBlockingStub(channel)
        .withCompression("gzip")
        .export(SampleRequests.traces("compressed"));

    assertThat(receiver.telemetry().spans())
        .extracting(ReceivedSpan::name)
        .containsExactly("compressed");
  }
}
