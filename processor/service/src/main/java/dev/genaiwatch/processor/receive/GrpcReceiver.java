package dev.genaiwatch.processor.receive;

import dev.genaiwatch.processor.OrderlyStop;
import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.Intake;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.tls.ServerTls;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** OTLP/gRPC on grpc-java's Netty server with the generated opentelemetry-proto service bases. */
public final class GrpcReceiver implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  /**
   * With the memory limit checked when a call starts (before its message is read) and idle
   * connections closed.
   */
  public GrpcReceiver(
      String host,
      int port,
      int maxMessageBytes,
      Intake pipeline,
      BearerToken token,
      ProcessorMetrics metrics,
      MemoryLimiter memory,
      long idleTimeoutMillis,
      ServerTls tlsOrNull)
      throws IOException {
    ServerInterceptor auth =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            if (!token.accepts(headers.get(AUTHORIZATION))) {
              metrics.malformed("unauthorized");
              call.close(
                  Status.UNAUTHENTICATED.withDescription("missing or wrong bearer token"),
                  new Metadata());
              return new ServerCall.Listener<>() {};
            }
            if (!memory.admits()) {
              metrics.refusedForMemory();
              call.close(Status.UNAVAILABLE.withDescription(memory.refusal()), new Metadata());
              return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
          }
        };
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .maxInboundMessageSize(maxMessageBytes);
    if (tlsOrNull != null) {
      builder.sslContext(tlsOrNull.grpc());
    }
    if (idleTimeoutMillis > 0) {
      builder.maxConnectionIdle(idleTimeoutMillis, TimeUnit.MILLISECONDS);
    }
    builder.addService(
        ServerInterceptors.intercept(
            new TraceServiceGrpc.TraceServiceImplBase() {
              @Override
              public void export(
                  ExportTraceServiceRequest request,
                  StreamObserver<ExportTraceServiceResponse> observer) {
                answer(
                    pipeline.offer(ExportItem.of(request)),
                    observer,
                    ExportTraceServiceResponse.getDefaultInstance());
              }
            },
            auth));
    builder.addService(
        ServerInterceptors.intercept(
            new MetricsServiceGrpc.MetricsServiceImplBase() {
              @Override
              public void export(
                  ExportMetricsServiceRequest request,
                  StreamObserver<ExportMetricsServiceResponse> observer) {
                answer(
                    pipeline.offer(ExportItem.of(request)),
                    observer,
                    ExportMetricsServiceResponse.getDefaultInstance());
              }
            },
            auth));
    builder.addService(
        ServerInterceptors.intercept(
            new LogsServiceGrpc.LogsServiceImplBase() {
              @Override
              public void export(
                  ExportLogsServiceRequest request,
                  StreamObserver<ExportLogsServiceResponse> observer) {
                answer(
                    pipeline.offer(ExportItem.of(request)),
                    observer,
                    ExportLogsServiceResponse.getDefaultInstance());
              }
            },
            auth));
    this.server = builder.build().start();
  }

  /**
   * UNAVAILABLE is the code OTLP senders retry unconditionally (RESOURCE_EXHAUSTED needs
   * RetryInfo).
   */
  private static <R> void answer(boolean accepted, StreamObserver<R> observer, R response) {
    if (!accepted) {
      observer.onError(
          Status.UNAVAILABLE
              .withDescription("genai-watch processor queue is full; retry later")
              .asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  public int port() {
    return server.getPort();
  }

  /** Stops accepting new calls and waits briefly for in-flight ones. */
  @Override
  public void close() {
    OrderlyStop.stop(server::shutdown, server::awaitTermination, 5, server::shutdownNow);
  }
}
