package dev.genaiwatch.testing;

import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** OTLP/gRPC for the three signals, built on the generated service bases. */
final class OtlpGrpcServices {
  private OtlpGrpcServices() {}

  static List<BindableService> create(ExportGate gate, ReceivedTelemetry telemetry) {
    return List.of(
        new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(
              ExportTraceServiceRequest request,
              StreamObserver<ExportTraceServiceResponse> observer) {
            handle(
                gate,
                Signal.TRACES,
                request,
                telemetry::add,
                observer,
                ExportTraceServiceResponse.getDefaultInstance());
          }
        },
        new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(
              ExportMetricsServiceRequest request,
              StreamObserver<ExportMetricsServiceResponse> observer) {
            handle(
                gate,
                Signal.METRICS,
                request,
                telemetry::add,
                observer,
                ExportMetricsServiceResponse.getDefaultInstance());
          }
        },
        new LogsServiceGrpc.LogsServiceImplBase() {
          @Override
          public void export(
              ExportLogsServiceRequest request,
              StreamObserver<ExportLogsServiceResponse> observer) {
            handle(
                gate,
                Signal.LOGS,
                request,
                telemetry::add,
                observer,
                ExportLogsServiceResponse.getDefaultInstance());
          }
        });
  }

  private static <Q, R> void handle(
      ExportGate gate,
      Signal signal,
      Q request,
      Consumer<Q> sink,
      StreamObserver<R> observer,
      R emptyResponse) {
    OptionalInt injected = gate.arrive(signal, Protocol.GRPC);
    if (injected.isPresent()) {
      observer.onError(
          grpcStatusFor(injected.getAsInt())
              .withDescription(
                  "failure injected by OtlpReceiver.failNextRequests (HTTP "
                      + injected.getAsInt()
                      + ")")
              .asRuntimeException());
      return;
    }
    sink.accept(request);
    observer.onNext(emptyResponse);
    observer.onCompleted();
  }

  /**
   * The gRPC status an OTLP exporter treats the same way as the HTTP status: OTLP names UNAVAILABLE
   * and RESOURCE_EXHAUSTED as the retryable counterparts of 503 and 429.
   */
  static Status grpcStatusFor(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> Status.INVALID_ARGUMENT;
      case 401 -> Status.UNAUTHENTICATED;
      case 403 -> Status.PERMISSION_DENIED;
      case 404 -> Status.NOT_FOUND;
      case 408, 504 -> Status.DEADLINE_EXCEEDED;
      case 413, 429 -> Status.RESOURCE_EXHAUSTED;
      case 501 -> Status.UNIMPLEMENTED;
      case 502, 503 -> Status.UNAVAILABLE;
      default -> httpStatus >= 500 ? Status.INTERNAL : Status.UNKNOWN;
    };
  }
}
