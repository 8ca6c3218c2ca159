package dev.genaiwatch.processor.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/** An OTLP/gRPC export that a harness repeats while the processor answers "queue full". */
public final class RetryingExport {
  private RetryingExport() {}

  /** Exports {@code request}; returns how many times the processor refused it first. */
  public static long export(
      TraceServiceGrpc.TraceServiceBlockingStub stub, ExportTraceServiceRequest request) {
    long refused = 0;
    while (true) {
      try {
        stub.export(request);
        return refused;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
        refused++;
        Thread.onSpinWait();
      }
    }
  }
}
