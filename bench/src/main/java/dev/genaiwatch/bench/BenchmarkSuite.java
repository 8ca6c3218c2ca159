package dev.genaiwatch.bench;

import dev.genaiwatch.bench.micro.MicroBenchmarks;
import dev.genaiwatch.bench.overhead.AgentProfiling;
import dev.genaiwatch.bench.overhead.OverheadHarness;
import dev.genaiwatch.bench.overhead.OverheadResults;
import dev.genaiwatch.bench.overhead.OverheadSettings;
import dev.genaiwatch.bench.processor.ProcessorBenchmarks;
import dev.genaiwatch.bench.report.BenchmarksReport;
import dev.genaiwatch.bench.report.MachineInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code bench/run.sh}: the forked-JVM overhead harness, then the JMH
 * micro-benchmarks, then BENCHMARKS.md. Usage:
 *
 * <pre>
 *   java -cp benchmarks.jar dev.genaiwatch.bench.BenchmarkSuite --mode quick|medium|long --testapp JAR
 *       --agent JAR --upstream JAR --upstream-version V --work-dir DIR --out BENCHMARKS.md [--command TEXT]
 *       [--processor-classpath CP] [--skip overhead|profile|micro|processor]
 * </pre>
 */
public final class BenchmarkSuite {
  private BenchmarkSuite() {}

  /** Sizes of each mode: quick is a smoke run (about 3 minutes), long is for publishing numbers. */
  record Mode(
      OverheadSettings overhead,
      MicroBenchmarks.Settings micro,
      ProcessorBenchmarks.Settings processor) {
    static Mode named(String name) {
      return switch (name) {
        case "quick" ->
            new Mode(
                new OverheadSettings(2, 200, 100, 2, 1_000, 1, 1, 2_000, 500),
                new MicroBenchmarks.Settings(1, 1, 2, 500),
                new ProcessorBenchmarks.Settings(50_000, 2, 300, 2));
        case "medium" ->
            new Mode(
                new OverheadSettings(5, 1_500, 500, 5, 10_000, 3, 3, 30_000, 5_000),
                new MicroBenchmarks.Settings(1, 2, 3, 1_000),
                new ProcessorBenchmarks.Settings(300_000, 5, 1_000, 3));
        case "long" ->
            new Mode(
                new OverheadSettings(10, 5_000, 2_000, 10, 10_000, 3, 5, 30_000, 10_000),
                new MicroBenchmarks.Settings(2, 3, 5, 3_000),
                new ProcessorBenchmarks.Settings(300_000, 7, 2_000, 5));
        default ->
            throw new IllegalArgumentException("--mode must be quick, medium or long: " + name);
      };
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String modeName = options.getOrDefault("mode", "medium");
    Mode mode = Mode.named(modeName);
    Path workDir =
        Files.createDirectories(
            Path.of(options.getOrDefault("work-dir", "bench/target/bench-work")));
    Path agent = Path.of(require(options, "agent"));
    Path upstream = options.containsKey("upstream") ? Path.of(options.get("upstream")) : null;
    String upstreamVersion = options.getOrDefault("upstream-version", "?");
    String skip = options.getOrDefault("skip", "");
    MachineInfo machine = MachineInfo.current();
    long started = System.nanoTime();

    OverheadResults overhead = null;
    if (!skip.contains("overhead")) {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      overhead =
          new OverheadHarness(java, Path.of(require(options, "testapp")), workDir, System.out)
              .measure(mode.overhead(), agent, upstream, upstreamVersion);
    }
    String profile = null;
    if (!skip.contains("profile")) {
      profile =
          AgentProfiling.profile(
              Path.of(require(options, "testapp")),
              agent,
              workDir,
              modeName,
              Math.max(2_000, mode.overhead().calls() * 2));
    }
    List<MicroBenchmarks.Score> micro = null;
    if (!skip.contains("micro")) {
      micro = MicroBenchmarks.run(mode.micro());
    }
    ProcessorBenchmarks.Results processor = null;
    if (!skip.contains("processor") && options.containsKey("processor-classpath")) {
      processor =
          ProcessorBenchmarks.run(
              Path.of(System.getProperty("java.home"), "bin", "java"),
              options.get("processor-classpath"),
              mode.processor(),
              System.out);
    }
    long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
    String report =
        new BenchmarksReport(
                new BenchmarksReport.Run(
                    modeName,
                    options.getOrDefault("command", "bench/run.sh --" + modeName),
                    machine,
                    MachineInfo.currentLoadAverage(),
                    overhead,
                    micro,
                    processor,
                    agent,
                    upstream,
                    upstreamVersion,
                    elapsed,
                    profile))
            .render();
    Path out = Path.of(options.getOrDefault("out", "BENCHMARKS.md"));
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath() + " after " + elapsed + " s");
  }

  public static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value pairs, got: " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
