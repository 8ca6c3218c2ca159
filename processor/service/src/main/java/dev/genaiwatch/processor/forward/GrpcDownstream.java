package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.OrderlyStop;
import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.tls.ClientTls;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC to {@code http://collector:4317} (plaintext) or {@code https://collector:4317} (TLS).
 */
public final class GrpcDownstream implements Downstream {
  // The OTLP specification's retryable gRPC codes.
  private static final Set<Status.Code> RETRYABLE =
      Set.of(
          Status.Code.CANCELLED,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.ABORTED,
          Status.Code.OUT_OF_RANGE,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS,
          Status.Code.RESOURCE_EXHAUSTED);

  private final String endpoint;
  private final Duration timeout;
  private final ManagedChannel channel;

  /**
   * {@code https://} endpoints use TLS: {@code tlsOrNull}'s settings, or the system's trusted CAs.
   */
  public GrpcDownstream(
      String endpoint, Duration timeout, String bearerTokenOrNull, ClientTls tlsOrNull) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    URI uri = URI.create(endpoint);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(
                uri.getHost(), uri.getPort() < 0 ? (https ? 443 : 4317) : uri.getPort())
            .maxInboundMessageSize(16 * 1024 * 1024);
    if (!https) {
      builder.usePlaintext();
    } else if (tlsOrNull != null) {
      builder.sslContext(tlsOrNull.grpc());
    } else {
      builder.useTransportSecurity();
    }
    if (bearerTokenOrNull != null) {
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + bearerTokenOrNull);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    this.channel = builder.build();
  }

  @Override
  public void export(ExportItem item) throws DownstreamException {
    long deadline = timeout.toMillis();
    try {
      switch (item.signal()) {
        case TRACES ->
            TraceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                .export((ExportTraceServiceRequest) item.request());
        case METRICS ->
            MetricsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                .export((ExportMetricsServiceRequest) item.request());
        case LOGS ->
            LogsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                .export((ExportLogsServiceRequest) item.request());
      }
    } catch (StatusRuntimeException e) {
      throw new DownstreamException(
          "gRPC "
              + e.getStatus().getCode()
              + " from "
              + endpoint
              + ": "
              + e.getStatus().getDescription()
              + rootCause(e),
          RETRYABLE.contains(e.getStatus().getCode()),
          e);
    }
  }

  /**
   * gRPC says "io exception"; the cause says "PKIX path building failed" (a CA problem) or
   * "Connection refused".
   */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? "" : " (" + root + ")";
  }

  @Override
  public String describe() {
    return "grpc " + endpoint;
  }

  @Override
  public void close() {
    OrderlyStop.stop(channel::shutdown, channel::awaitTermination, 5, channel::shutdownNow);
  }
}
