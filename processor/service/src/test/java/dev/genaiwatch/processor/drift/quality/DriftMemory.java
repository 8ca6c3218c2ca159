package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.GenAiCalls;
import dev.genaiwatch.processor.Processor;
import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.bench.RetryingExport;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Memory and state of drift in a whole processor (default settings, embeddings on, the default disk
 * queue, no downstream) fed {@link SyntheticTraffic} over OTLP/gRPC by a client in the same JVM:
 * the resident set after a burst of 20,000 spans, and during and after sustained traffic at a fixed
 * rate spread over many keys (one service name each), with the size of the drift state file the
 * processor writes on shutdown. Linux only (reads {@code /proc/self/status}).
 */
final class DriftMemory {
  private static final int SPANS_PER_REQUEST = 50;

  /** Resident set and its peak, in MB. */
  record Rss(double currentMb, double peakMb) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.0f MB (peak %.0f MB)", currentMb, peakMb);
    }
  }

  /** What one scenario measured. */
  record Result(
      String scenario,
      long spans,
      int keys,
      double seconds,
      Rss rss,
      List<String> timeline,
      long stateFileBytes,
      double embedded,
      double dropped) {}

  private DriftMemory() {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    System.out.println(burst(20_000, 100));
    System.out.println(sustained(1000, 100, minutes));
  }

  /** {@code spans} sent as fast as the processor takes them, spread over {@code keys} services. */
  static Result burst(int spans, int keys) throws Exception {
    return run("burst", spans, keys, 0, spans);
  }

  /** {@code callsPerSecond} for {@code minutes}, spread over {@code keys} services. */
  static Result sustained(double callsPerSecond, int keys, double minutes) throws Exception {
    return run(
        "sustained",
        (long) (callsPerSecond * minutes * 60),
        keys,
        callsPerSecond,
        (long) (callsPerSecond * 60));
  }

  private static Result run(
      String scenario, long spans, int keys, double callsPerSecond, long reportEvery)
      throws Exception {
    Path dataDir = Files.createTempDirectory("genai-watch-drift-memory");
    Properties file = new Properties();
    file.setProperty("bind.address", "127.0.0.1");
    file.setProperty("grpc.port", "0");
    file.setProperty("http.port", "0");
    file.setProperty("data.dir", dataDir.toString());
    List<SyntheticTraffic> traffic = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      traffic.add(new SyntheticTraffic(1000 + k, Shift.NONE, Long.MAX_VALUE));
    }
    List<String> timeline = new ArrayList<>();
    long started = System.nanoTime();
    double embedded;
    double dropped;
    try (Processor processor = Processor.start(ProcessorConfig.of(file, Map.of()))) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", processor.grpcPort()).usePlaintext().build();
      TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);
      for (long sent = 0; sent < spans; sent += SPANS_PER_REQUEST) {
        if (callsPerSecond > 0) {
          long due = started + (long) (sent * 1e9 / callsPerSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        int key = (int) ((sent / SPANS_PER_REQUEST) % keys);
        Span[] batch = new Span[SPANS_PER_REQUEST];
        for (int i = 0; i < batch.length; i++) {
          batch[i] = traffic.get(key).next();
        }
        RetryingExport.export(stub, GenAiCalls.request("memory-" + key, batch));
        if ((sent + SPANS_PER_REQUEST) % reportEvery == 0) {
          timeline.add(
              String.format(
                  Locale.ROOT,
                  "%.0f s: %d spans, %s",
                  (System.nanoTime() - started) / 1e9,
                  sent + SPANS_PER_REQUEST,
                  rss()));
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while ((EmbeddingAtLoad.value(processor.registry(), "genai_watch_processor_forwarded") < spans
              || EmbeddingAtLoad.value(processor.registry(), "genai_watch_drift_embedding_pending")
                  > 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      embedded = EmbeddingAtLoad.value(processor.registry(), "genai_watch_drift_embeddings");
      dropped = EmbeddingAtLoad.value(processor.registry(), "genai_watch_drift_embeddings_dropped");
      channel.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Rss rss = rss();
    Path state = dataDir.resolve("drift-state.json");
    long stateBytes = Files.isRegularFile(state) ? Files.size(state) : -1;
    return new Result(scenario, spans, keys, seconds, rss, timeline, stateBytes, embedded, dropped);
  }

  /** This JVM's resident set now and at its peak, from {@code /proc/self/status}. */
  static Rss rss() {
    try {
      double current = 0;
      double peak = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          current = kilobytes(line) / 1024;
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line) / 1024;
        }
      }
      return new Rss(current, peak);
    } catch (IOException e) {
      return new Rss(Double.NaN, Double.NaN);
    }
  }

  private static double kilobytes(String line) {
    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
  }
}
