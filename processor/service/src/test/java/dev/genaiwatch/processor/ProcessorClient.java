package dev.genaiwatch.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Talks to a processor under test the way senders and operators do: OTLP/HTTP, OTLP/gRPC, the API,
 * /metrics.
 */
public final class ProcessorClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ManagedChannel channel;

  public ProcessorClient(int httpPort, int grpcPort) {
    this.base = "http://127.0.0.1:" + httpPort;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  public HttpResponse<String> post(
      String path, String contentType, byte[] body, String bearerOrNull) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearerOrNull != null) {
      request.header("Authorization", "Bearer " + bearerOrNull);
    }
    return send(request.build());
  }

  public HttpResponse<String> postTraces(ExportTraceServiceRequest request) {
    return post("/v1/traces", "application/x-protobuf", request.toByteArray(), null);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  public JsonNode getJson(String path) {
    try {
      return JSON.readTree(get(path).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value of one sample line of /metrics, e.g. {@code
   * genai_watch_processor_dropped_total{signal="spans"}}; 0 if absent.
   */
  public double metric(String sample) {
    return get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).strip()))
        .findFirst()
        .orElse(0);
  }

  /** Like {@link #metric} with /metrics fetched by {@code get} (e.g. over TLS). */
  public double metricOver(Function<String, String> get, String sample) {
    return get.apply("/metrics")
        .lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).strip()))
        .findFirst()
        .orElse(0);
  }

  public TraceServiceGrpc.TraceServiceBlockingStub grpcTraces() {
    return TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
