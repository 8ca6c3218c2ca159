package dev.genaiwatch.processor.bench;

import dev.genaiwatch.processor.GenAiCalls;
import dev.genaiwatch.processor.LoopbackSettings;
import dev.genaiwatch.processor.Processor;
import dev.genaiwatch.processor.ProcessorConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest throughput (not a test): GenAI spans sent over OTLP/gRPC by a few client threads to an
 * in-process processor with no downstream: non-GenAI spans (pass-through, the baseline), then GenAI
 * spans with drift and the evaluator's heuristics (embedding drift off, then on), in the same run
 * so the ratios are fair. All with the default disk queue, plus drift (embedding off) with the
 * in-memory queue, for the price of durability. {@code mvn -o -q -pl processor -am test-compile}
 * then run this main with the test classpath, e.g. {@code java -cp
 * processor/service/target/test-classes:processor/service/target/classes:$(cat cp.txt)
 * ...ProcessorThroughput [spans]}.
 */
public final class ProcessorThroughput {
  private static final int SPANS_PER_REQUEST = 50;
  private static final int CLIENTS = 2;

  private ProcessorThroughput() {}

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<ExportTraceServiceRequest> requests = requests(200);
    List<ExportTraceServiceRequest> plain = plainRequests();
    // Each configuration once to warm the JIT up, then the configurations interleaved round by
    // round, so neither
    // the JIT nor a burst of load on the machine favours the one that happens to run later.
    run("warm-up pass-through", false, spans / 4, plain);
    run("warm-up drift", false, spans / 4, requests);
    run("warm-up embedding", true, spans / 4, requests);
    run("warm-up memory queue", false, spans / 4, requests, "memory");
    List<Double> passThrough = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    List<Double> embeddedPerSecond = new ArrayList<>();
    List<Double> memoryQueue = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      // Baseline: the same number of spans that are not GenAI calls, which only pass through.
      passThrough.add(
          run("round " + round + " pass-through (baseline)", false, spans, plain).spansPerSecond());
      without.add(
          run("round " + round + " embedding drift off", false, spans, requests).spansPerSecond());
      // The same, with the in-memory queue instead of the default disk queue: the price of
      // durability.
      memoryQueue.add(
          run("round " + round + " drift, memory queue", false, spans, requests, "memory")
              .spansPerSecond());
      Rates embedding = run("round " + round + " embedding drift on", true, spans, requests);
      with.add(embedding.spansPerSecond());
      embeddedPerSecond.add(embedding.embeddedPerSecond());
    }
    System.out.printf(
        "median spans/s: pass-through %,.0f; drift+evaluation, embedding off %,.0f; embedding on %,.0f%n",
        median(passThrough), median(without), median(with));
    System.out.printf(
        "ratio drift+evaluation (embedding off) / pass-through: %.2f%n",
        median(without) / median(passThrough));
    System.out.printf("ratio embedding on / off: %.2f%n", median(with) / median(without));
    System.out.printf(
        "drift+evaluation, in-memory queue %,.0f spans/s; ratio disk queue / memory queue: %.2f%n",
        median(memoryQueue), median(without) / median(memoryQueue));
    // One machine-readable line for bench/run.sh's report.
    System.out.printf(
        Locale.ROOT,
        "BENCH_PROCESSOR pass_through=%.0f drift=%.0f embedding=%.0f"
            + " embedded_per_s=%.1f drift_memory_queue=%.0f spans=%d rounds=%d%n",
        median(passThrough),
        median(without),
        median(with),
        median(embeddedPerSecond),
        median(memoryQueue),
        spans,
        rounds);
  }

  /**
   * One configuration's run: spans forwarded per second, and texts embedded per second meanwhile.
   */
  private record Rates(double spansPerSecond, double embeddedPerSecond) {}

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static List<ExportTraceServiceRequest> plainRequests() {
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      Span[] batch = new Span[SPANS_PER_REQUEST];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = GenAiCalls.plain("GET /orders");
      }
      requests.add(GenAiCalls.request("bench", batch));
    }
    return requests;
  }

  private static List<ExportTraceServiceRequest> requests(int distinctPrompts) {
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    int n = 0;
    for (int r = 0; r < 40; r++) {
      Span[] batch = new Span[SPANS_PER_REQUEST];
      for (int i = 0; i < batch.length; i++, n++) {
        batch[i] =
            GenAiCalls.chat(
                "bench-model",
                20 + n % 37,
                50 + n % 11,
                "Question number "
                    + (n % distinctPrompts)
                    + ": how do I configure feature "
                    + (n % 13)
                    + "?");
      }
      requests.add(GenAiCalls.request("bench", batch));
    }
    return requests;
  }

  private static Rates run(
      String label, boolean embeddings, int spans, List<ExportTraceServiceRequest> requests)
      throws Exception {
    return run(label, embeddings, spans, requests, "disk");
  }

  private static Rates run(
      String label,
      boolean embeddings,
      int spans,
      List<ExportTraceServiceRequest> requests,
      String queueType)
      throws Exception {
    Properties file = LoopbackSettings.of(Files.createTempDirectory("genai-watch-bench"));
    file.setProperty("drift.embedding.enabled", Boolean.toString(embeddings));
    file.setProperty("queue.type", queueType);
    // -Dbench.queue.fsync=always measures the strictest policy (default: the processor's default,
    // interval).
    file.setProperty("queue.fsync", System.getProperty("bench.queue.fsync", "interval"));
    try (Processor processor = Processor.start(ProcessorConfig.of(file, Map.of()))) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", processor.grpcPort()).usePlaintext().build();
      int requestsPerClient = spans / SPANS_PER_REQUEST / CLIENTS;
      AtomicLong refused = new AtomicLong();
      long start = System.nanoTime();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int offset = c;
        Thread client =
            new Thread(
                () -> {
                  TraceServiceGrpc.TraceServiceBlockingStub stub =
                      TraceServiceGrpc.newBlockingStub(channel);
                  for (int i = 0; i < requestsPerClient; i++) {
                    ExportTraceServiceRequest request =
                        requests.get((i + offset) % requests.size());
                    refused.addAndGet(RetryingExport.export(stub, request));
                  }
                });
        client.start();
        clients.add(client);
      }
      for (Thread client : clients) {
        client.join();
      }
      long sent = (long) requestsPerClient * CLIENTS * SPANS_PER_REQUEST;
      while (counter(processor, "genai_watch_processor_forwarded") < sent) {
        Thread.sleep(1);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = sent / seconds;
      double embeddedPerSecond = counter(processor, "genai_watch_drift_embeddings") / seconds;
      System.out.printf(
          "%-22s %,d spans in %.2f s = %,.0f spans/s (queue-full retries %d, embedded %.0f,"
              + " embedding drops %.0f)%n",
          label,
          sent,
          seconds,
          rate,
          refused.get(),
          counter(processor, "genai_watch_drift_embeddings"),
          counter(processor, "genai_watch_drift_embeddings_dropped"));
      channel.shutdownNow();
      return new Rates(rate, embeddedPerSecond);
    }
  }

  private static double counter(Processor processor, String name) {
    double total = 0;
    for (MetricSnapshot snapshot : processor.registry().scrape()) {
      if (snapshot.getMetadata().getName().equals(name)
          && snapshot instanceof CounterSnapshot counter) {
        total +=
            counter.getDataPoints().stream()
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
                .sum();
      }
    }
    return total;
  }
}
