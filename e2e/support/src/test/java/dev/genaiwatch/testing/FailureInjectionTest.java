package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.junit.jupiter.api.Test;

class FailureInjectionTest extends ReceiverAndGrpcChannel {
  private static final String PROTOBUF = "application/x-protobuf";

  @Test
  void httpRequestFailsWithChosenStatusThenNextSucceeds() {
    receiver.failNextRequests(1, 503);

    int first =
        HttpExports.post(
                receiver, Signal.TRACES, PROTOBUF, SampleRequests.traces("attempt 1").toByteArray())
            .statusCode();
    int second =
        HttpExports.post(
                receiver, Signal.TRACES, PROTOBUF, SampleRequests.traces("attempt 2").toByteArray())
            .statusCode();

    assertThat(first).isEqualTo(503);
    assertThat(second).isEqualTo(200);
    assertThat(receiver.telemetry().spans())
        .extracting(ReceivedSpan::name)
        .containsExactly("attempt 2");
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.HTTP_PROTOBUF)).isEqualTo(2);
  }

  @Test
  void grpcRequestFailsWithUnavailableFor503ThenNextSucceeds() {
    receiver.failNextRequests(1, 503);
    TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);

    assertThatThrownBy(() -> stub.export(SampleRequests.traces("attempt 1")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    stub.export(SampleRequests.traces("attempt 2"));

    assertThat(receiver.telemetry().spans())
        .extracting(ReceivedSpan::name)
        .containsExactly("attempt 2");
  }

  @Test
  void grpcRequestFailsWithResourceExhaustedFor429() {
    receiver.failNextRequests(1, 429);

    assertThatThrownBy(
            () ->
                TraceServiceGrpc.newBlockingStub(channel)
                    .export(SampleRequests.traces("throttled")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void failuresAreSharedAcrossProtocolsAndCounted() {
    receiver.failNextRequests(2, 429);

    int http =
        HttpExports.post(receiver, Signal.LOGS, PROTOBUF, SampleRequests.logs().toByteArray())
            .statusCode();
    assertThatThrownBy(
            () -> TraceServiceGrpc.newBlockingStub(channel).export(SampleRequests.traces("x")))
        .isInstanceOf(StatusRuntimeException.class);
    int third =
        HttpExports.post(receiver, Signal.LOGS, PROTOBUF, SampleRequests.logs().toByteArray())
            .statusCode();

    assertThat(http).isEqualTo(429);
    assertThat(third).isEqualTo(200);
    assertThat(receiver.requestCount(Signal.LOGS, Protocol.HTTP_PROTOBUF)).isEqualTo(2);
    assertThat(receiver.requestCount(Signal.TRACES, Protocol.GRPC)).isEqualTo(1);
  }

  @Test
  void resetCancelsPendingFailures() {
    receiver.failNextRequests(5, 503);

    receiver.reset();

    assertThat(
            HttpExports.post(
                    receiver, Signal.TRACES, PROTOBUF, SampleRequests.traces("ok").toByteArray())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void nonErrorStatusIsRejected() {
    assertThatThrownBy(() -> receiver.failNextRequests(1, 200))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
