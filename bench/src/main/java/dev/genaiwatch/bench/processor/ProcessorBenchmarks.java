package dev.genaiwatch.bench.processor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the processor's two harnesses (they live with the processor's test classes, beside the
 * classes they measure) in their own JVMs and reads the one {@code BENCH_*} line each prints:
 * ingest throughput with drift against pass-through ({@code ProcessorThroughput}) and added
 * forwarding latency against a direct export, with the latency split's join off and on ({@code
 * ForwardingLatency}).
 */
public final class ProcessorBenchmarks {
  /**
   * How much to measure: spans per configuration and rounds; requests per latency run and rounds.
   */
  public record Settings(int spans, int rounds, int latencyRequests, int latencyRounds) {}

  /** Medians over rounds; every ratio is against the baseline of the same run. */
  public record Results(
      double passThroughSpansPerSecond,
      double driftSpansPerSecond,
      double driftMemoryQueueSpansPerSecond,
      double embeddingSpansPerSecond,
      double embeddedTextsPerSecond,
      double directP50Millis,
      double directP99Millis,
      double viaP50Millis,
      double viaP99Millis,
      double viaJoinP50Millis,
      double viaJoinP99Millis,
      Settings settings) {}

  private ProcessorBenchmarks() {}

  public static Results run(Path java, String classpath, Settings settings, PrintStream log)
      throws IOException, InterruptedException {
    Map<String, String> throughput =
        runHarness(
            java,
            classpath,
            "dev.genaiwatch.processor.bench.ProcessorThroughput",
            "BENCH_PROCESSOR",
            log,
            Integer.toString(settings.spans()),
            Integer.toString(settings.rounds()));
    Map<String, String> latency =
        runHarness(
            java,
            classpath,
            "dev.genaiwatch.processor.bench.ForwardingLatency",
            "BENCH_FORWARDING",
            log,
            Integer.toString(settings.latencyRequests()),
            Integer.toString(settings.latencyRounds()));
    return new Results(
        number(throughput, "pass_through"),
        number(throughput, "drift"),
        number(throughput, "drift_memory_queue"),
        number(throughput, "embedding"),
        number(throughput, "embedded_per_s"),
        number(latency, "direct_p50_ms"),
        number(latency, "direct_p99_ms"),
        number(latency, "via_p50_ms"),
        number(latency, "via_p99_ms"),
        number(latency, "via_join_p50_ms"),
        number(latency, "via_join_p99_ms"),
        settings);
  }

  private static Map<String, String> runHarness(
      Path java, String classpath, String mainClass, String marker, PrintStream log, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    log.println("== " + String.join(" ", command));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, String> values = null;
    try (var lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith(marker + " ")) {
          values = parse(line.substring(marker.length() + 1));
        }
        if (!line.startsWith("DRIFT_") && !line.startsWith("SLF4J")) {
          log.println("   " + line);
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || values == null) {
      throw new IllegalStateException(
          mainClass + " exited with " + exit + " without its " + marker + " line");
    }
    return values;
  }

  private static Map<String, String> parse(String keyValues) {
    Map<String, String> values = new HashMap<>();
    for (String pair : keyValues.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return values;
  }

  private static double number(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("harness output lacks " + key + ": " + values);
    }
    return Double.parseDouble(value);
  }
}
