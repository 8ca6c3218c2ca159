package dev.genaiwatch.processor.bench;

import dev.genaiwatch.processor.GenAiCalls;
import dev.genaiwatch.processor.LoopbackSettings;
import dev.genaiwatch.processor.Processor;
import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.ServerSpans;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Added forwarding latency (not a test): how much later a request reaches a downstream OTLP/gRPC
 * receiver when it goes through the processor (receive, queue, drift and evaluation heuristics,
 * forward) than when the sender exports to that receiver directly, with the latency split's join
 * off and on. Requests of 50 spans at a steady, unsaturated rate: 25 GenAI chat calls and the 25
 * model-server {@code llm_request} spans of the previous request's calls (so every call waits one
 * request for its partner, as when vLLM and the application export separately). Each request
 * carries a sequence number, and the receiver notes when each arrives (one JVM, so {@code
 * System.nanoTime} is comparable). The three configurations alternate over rounds. {@code java -cp
 * processor/service/target/test-classes: processor/service/target/genai-watch-processor.jar
 * dev.genaiwatch.processor.bench.ForwardingLatency [requests] [rounds]}.
 */
public final class ForwardingLatency {
  private static final String SEQUENCE = "bench.sequence";
  private static final int CALLS_PER_REQUEST = 25;
  private static final long GAP_MICROS = 5_000;

  private final Map<Long, Long> arrivals = new ConcurrentHashMap<>();

  private ForwardingLatency() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ForwardingLatency bench = new ForwardingLatency();
    Server downstream =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(bench.receiver())
            .build()
            .start();
    try {
      for (Route route : Route.values()) {
        bench.measure("warm-up " + route.label, downstream.getPort(), route, requests / 2);
      }
      double[][][] rounds3 = new double[Route.values().length][rounds][];
      for (int r = 0; r < rounds; r++) {
        for (Route route : Route.values()) {
          rounds3[route.ordinal()][r] =
              bench.measure(
                  "round " + (r + 1) + " " + route.label, downstream.getPort(), route, requests);
        }
      }
      double[] d = pooled(rounds3[Route.DIRECT.ordinal()]);
      double[] v = pooled(rounds3[Route.JOIN_OFF.ordinal()]);
      double[] j = pooled(rounds3[Route.JOIN_ON.ordinal()]);
      System.out.printf(
          "all rounds: direct p50 %.3f ms p99 %.3f ms; via processor p50 %.3f ms p99 %.3f ms;"
              + " with the latency join p50 %.3f ms p99 %.3f ms; the join adds p99 %.3f ms%n",
          percentile(d, 50),
          percentile(d, 99),
          percentile(v, 50),
          percentile(v, 99),
          percentile(j, 50),
          percentile(j, 99),
          percentile(j, 99) - percentile(v, 99));
      // One machine-readable line for bench/run.sh's report.
      System.out.printf(
          Locale.ROOT,
          "BENCH_FORWARDING direct_p50_ms=%.3f direct_p99_ms=%.3f"
              + " via_p50_ms=%.3f via_p99_ms=%.3f via_join_p50_ms=%.3f via_join_p99_ms=%.3f"
              + " requests=%d rounds=%d%n",
          percentile(d, 50),
          percentile(d, 99),
          percentile(v, 50),
          percentile(v, 99),
          percentile(j, 50),
          percentile(j, 99),
          requests,
          rounds);
    } finally {
      downstream.shutdownNow();
    }
  }

  /** Where the requests go: straight to the receiver, or through a processor (join off or on). */
  private enum Route {
    DIRECT("direct"),
    JOIN_OFF("via processor"),
    JOIN_ON("via processor, join on");

    final String label;

    Route(String label) {
      this.label = label;
    }
  }

  private TraceServiceGrpc.TraceServiceImplBase receiver() {
    return new TraceServiceGrpc.TraceServiceImplBase() {
      @Override
      public void export(
          ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
        long now = System.nanoTime();
        for (KeyValue kv :
            request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList()) {
          if (kv.getKey().equals(SEQUENCE)) {
            arrivals.put(kv.getValue().getIntValue(), now);
          }
        }
        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
        response.onCompleted();
      }
    };
  }

  /**
   * Latencies in milliseconds of {@code requests} sent one at a time, {@link #GAP_MICROS} apart.
   */
  private double[] measure(String label, int downstreamPort, Route route, int requests)
      throws Exception {
    arrivals.clear();
    ExportTraceServiceRequest[] payload = payload(requests);
    Processor processor =
        route == Route.DIRECT
            ? null
            : processorForwardingTo(downstreamPort, route == Route.JOIN_ON);
    int port = processor != null ? processor.grpcPort() : downstreamPort;
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    long[] sent = new long[requests];
    try {
      TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);
      for (int i = 0; i < requests; i++) {
        sent[i] = System.nanoTime();
        stub.export(payload[i]);
        long next = sent[i] + GAP_MICROS * 1_000;
        while (System.nanoTime() < next) {
          Thread.onSpinWait();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (arrivals.size() < requests && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } finally {
      channel.shutdownNow();
      if (processor != null) {
        processor.close();
      }
    }
    double[] latencies = new double[requests];
    int n = 0;
    for (int i = 0; i < requests; i++) {
      Long arrived = arrivals.get((long) i);
      if (arrived != null) {
        latencies[n++] = (arrived - sent[i]) / 1e6;
      }
    }
    latencies = Arrays.copyOf(latencies, n);
    System.out.printf(
        "%-26s %d of %d arrived; p50 %.3f ms, p99 %.3f ms%n",
        label, n, requests, percentile(latencies, 50), percentile(latencies, 99));
    return latencies;
  }

  private static Processor processorForwardingTo(int downstreamPort, boolean join)
      throws Exception {
    Properties file = LoopbackSettings.of(Files.createTempDirectory("genai-watch-latency"));
    file.setProperty("downstream.endpoint", "http://127.0.0.1:" + downstreamPort);
    file.setProperty("downstream.protocol", "grpc");
    file.setProperty("latency.enabled", Boolean.toString(join));
    return Processor.start(ProcessorConfig.of(file, Map.of()));
  }

  /**
   * Request {@code i}: its 25 chat calls (the first one carrying the sequence number) from service
   * {@code bench}, and from service {@code vllm} the server spans of request {@code i - 1}'s calls.
   */
  private static ExportTraceServiceRequest[] payload(int requests) {
    ExportTraceServiceRequest[] payload = new ExportTraceServiceRequest[requests];
    Span[] previous = new Span[0];
    for (int i = 0; i < requests; i++) {
      Span[] calls = calls(i);
      Span[] servers = new Span[previous.length];
      for (int k = 0; k < previous.length; k++) {
        servers[k] = ServerSpans.llmRequest(previous[k], 0.002, 0.030, 0.150, 20, 50);
      }
      payload[i] =
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(GenAiCalls.resourceSpans("bench", calls))
              .addResourceSpans(GenAiCalls.resourceSpans("vllm", servers))
              .build();
      previous = calls;
    }
    return payload;
  }

  private static Span[] calls(int sequence) {
    Span[] batch = new Span[CALLS_PER_REQUEST];
    for (int i = 0; i < batch.length; i++) {
      int n = sequence * CALLS_PER_REQUEST + i;
      Span chat =
          GenAiCalls.chat(
              "bench-model",
              20 + n % 37,
              50 + n % 11,
              "Question number " + (n % 200) + ": how do I configure feature " + (n % 13) + "?");
      batch[i] =
          i > 0
              ? chat
              : chat.toBuilder()
                  .addAttributes(
                      KeyValue.newBuilder()
                          .setKey(SEQUENCE)
                          .setValue(AnyValue.newBuilder().setIntValue(sequence)))
                  .build();
    }
    return batch;
  }

  private static double[] pooled(double[][] rounds) {
    return Arrays.stream(rounds).flatMapToDouble(Arrays::stream).toArray();
  }

  private static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
