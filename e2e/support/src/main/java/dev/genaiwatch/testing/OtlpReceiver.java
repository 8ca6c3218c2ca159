package dev.genaiwatch.testing;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP endpoint for tests: OTLP/HTTP (protobuf or JSON) and OTLP/gRPC on loopback ephemeral
 * ports, decoding with the official opentelemetry-proto classes so that what passes here is what a
 * collector would accept.
 */
public final class OtlpReceiver implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  // Generous so a large batch from a forked agent is never the reason a test fails.
  private static final int MAX_GRPC_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final ReceivedTelemetry telemetry = new ReceivedTelemetry();
  private final ExportGate gate = new ExportGate();
  // Daemon threads: a test that forgets close() must not keep the JVM alive.
  private final ExecutorService httpExecutor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "otlp-receiver-http");
            thread.setDaemon(true);
            return thread;
          });
  private final HttpServer httpServer;
  private final Server grpcServer;

  /** Starts both servers on loopback ports of their own; on failure stops what had started. */
  private OtlpReceiver() {
    HttpServer http = null;
    try {
      http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
      for (Signal signal : Signal.values()) {
        http.createContext(signal.httpPath(), new OtlpHttpHandler(signal, gate, telemetry));
      }
      http.createContext("/", OtlpHttpHandler.unknownPath(telemetry));
      http.setExecutor(httpExecutor);
      http.start();

      NettyServerBuilder grpc =
          NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
              .maxInboundMessageSize(MAX_GRPC_MESSAGE_BYTES);
      OtlpGrpcServices.create(gate, telemetry).forEach(grpc::addService);
      grpcServer = grpc.build().start();
      httpServer = http;
    } catch (IOException | RuntimeException e) {
      if (http != null) {
        http.stop(0);
      }
      httpExecutor.shutdownNow();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start OTLP receiver", io);
      }
      throw (RuntimeException) e;
    }
  }

  public static OtlpReceiver start() {
    return new OtlpReceiver();
  }

  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT with http/protobuf; exporters append /v1/... */
  public String httpEndpoint() {
    return "http://" + LOOPBACK + ":" + httpPort();
  }

  /** URL for OTEL_EXPORTER_OTLP_ENDPOINT with the grpc protocol (plaintext). */
  public String grpcEndpoint() {
    return "http://" + LOOPBACK + ":" + grpcPort();
  }

  public int httpPort() {
    return httpServer.getAddress().getPort();
  }

  public int grpcPort() {
    return grpcServer.getPort();
  }

  /** Live view: fills up as requests arrive. */
  public ReceivedTelemetry telemetry() {
    return telemetry;
  }

  /** Forgets received telemetry, request counts and pending injected failures. */
  public void reset() {
    telemetry.clear();
    gate.reset();
  }

  /**
   * Fails the next {@code n} export requests, of any signal and protocol, with {@code httpStatus}
   * (gRPC gets the matching status, e.g. UNAVAILABLE for 503, RESOURCE_EXHAUSTED for 429). Replaces
   * any failures still pending.
   */
  public void failNextRequests(int n, int httpStatus) {
    gate.failNext(n, httpStatus);
  }

  /** Export attempts that reached the endpoint, including those failed on purpose or as invalid. */
  public int requestCount(Signal signal, Protocol protocol) {
    return gate.count(signal, protocol);
  }

  public int requestCount(Signal signal) {
    int total = 0;
    for (Protocol protocol : Protocol.values()) {
      total += gate.count(signal, protocol);
    }
    return total;
  }

  @Override
  public void close() {
    httpServer.stop(0);
    httpExecutor.shutdownNow();
    grpcServer.shutdownNow();
    try {
      grpcServer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
