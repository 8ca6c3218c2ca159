package dev.genaiwatch.bench.overhead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a testapp's CPU goes over its timed calls only, thread by thread: the process's threads'
 * CPU time from {@code /proc/PID/task/TID/stat}, read when the testapp prints {@code BENCH_WARM}
 * (end of the warm-up) and again at its {@code BENCH} line, divided by the timed calls. JIT
 * compiler threads, GC threads and the exporter's threads show beside the calling thread ({@code
 * java}, the main thread's name in {@code /proc}), which JFR's execution samples do not. The
 * configurations alternate round by round; each cell is the median over rounds. Linux only.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.genaiwatch.bench.overhead.ThreadCpuSplit
 *     ROUNDS WARMUP CALLS SCENARIO TESTAPP_JAR ID=JVM_ARGS...
 * </pre>
 *
 * e.g. {@code 3 30000 5000 openai-java-bench testapp/app/target/genai-watch-testapp.jar none=
 * genai-watch=-javaagent:agent/javaagent/target/genai-watch-agent.jar}. The first configuration is
 * the baseline of the per-round differences. Thread names are as {@code /proc} has them (15
 * characters), digits folded to {@code #} so that numbered threads add up. Compiler threads come
 * and go (the JVM starts and stops them with the load), so their row can be negative: read the
 * process total ({@code =cpu_us_per_call}) for the JIT's part.
 */
public final class ThreadCpuSplit {
  /** {@code USER_HZ}: clock ticks per second of {@code /proc} CPU times on Linux. */
  private static final double TICK_MICROS = 1e6 / 100;

  private ThreadCpuSplit() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int calls = Integer.parseInt(args[2]);
    String scenario = args[3];
    Path testapp = Path.of(args[4]);
    Map<String, String> configs = new LinkedHashMap<>();
    for (int i = 5; i < args.length; i++) {
      String[] idArgs = args[i].split("=", 2);
      configs.put(idArgs[0], idArgs[1]);
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path logs = Files.createDirectories(Path.of("bench/target/thread-split"));
    Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>(configs.keySet());
    try (OtlpSink sink = OtlpSink.start();
        SimServer server = SimServer.start(java, testapp, logs.resolve("simulator.log"))) {
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < ids.size(); k++) {
          String id = ids.get((k + round) % ids.size());
          List<String> command = new ArrayList<>(List.of(java.toString()));
          command.addAll(TestappRun.JVM_ARGS);
          if (!configs.get(id).isBlank()) {
            command.addAll(Arrays.asList(configs.get(id).trim().split(" +")));
          }
          command.add("-Dbench.warmup=" + warmup);
          command.addAll(
              List.of(
                  "-jar",
                  testapp.toString(),
                  "run",
                  scenario,
                  "--base-url",
                  server.baseUrl(),
                  "--requests",
                  Integer.toString(calls)));
          Map<String, Double> run = run(command, sink, logs.resolve(id + "-" + round + ".log"));
          run.replaceAll((name, value) -> name.startsWith("=") ? value : value / calls);
          runs.computeIfAbsent(id, x -> new ArrayList<>()).add(run);
          System.err.printf(
              Locale.ROOT,
              "round %d %s: %.0f µs CPU/call, %.0f calls/s%n",
              round,
              id,
              run.get("=cpu_us_per_call"),
              run.get("=calls_per_s"));
        }
      }
    }
    print(runs, ids.get(0), rounds);
  }

  /**
   * One testapp JVM: its {@code BENCH} values (keys with a leading '=') and µs of CPU by thread.
   */
  private static Map<String, Double> run(List<String> command, OtlpSink sink, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("GENAI_WATCH_"));
    // The overhead harness's OTLP settings (service name, endpoint, protocol); the agent is in
    // args.
    builder
        .environment()
        .putAll(AgentConfiguration.genaiWatch(Path.of("-"), sink.endpoint()).env());
    Process process = builder.start();
    Map<String, Long> warm = null;
    Map<String, Double> values = new TreeMap<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("BENCH_WARM")) {
          warm = ticksByThread(process.pid());
        } else if (line.startsWith("BENCH ") && warm != null) {
          Map<String, Long> done = ticksByThread(process.pid());
          for (Map.Entry<String, Long> e : done.entrySet()) {
            values.put(
                e.getKey(), (e.getValue() - warm.getOrDefault(e.getKey(), 0L)) * TICK_MICROS);
          }
          for (String pair : line.substring("BENCH ".length()).split(" ")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[1].matches("-?[0-9.]+")) {
              values.put("=" + kv[0], Double.parseDouble(kv[1]));
            }
          }
        }
      }
    }
    if (process.waitFor() != 0 || !values.containsKey("=cpu_us_per_call")) {
      throw new IOException("testapp failed or printed no BENCH_WARM/BENCH lines; see " + log);
    }
    return values;
  }

  /** CPU clock ticks (user + system) of every live thread of {@code pid}, by folded name. */
  private static Map<String, Long> ticksByThread(long pid) throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException threadEnded) {
          continue;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
        // After the name: state, ppid, ... utime is the 14th field of the line, stime the 15th.
        String[] fields = stat.substring(close + 2).split(" ");
        ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
      }
    }
    return ticks;
  }

  private static void print(Map<String, List<Map<String, Double>>> runs, String base, int rounds) {
    TreeSet<String> rows = new TreeSet<>();
    runs.values().forEach(list -> list.forEach(run -> rows.addAll(run.keySet())));
    StringBuilder out = new StringBuilder("| per call, median of rounds |");
    runs.keySet().forEach(id -> out.append(' ').append(id).append(" |"));
    out.append('\n').append("|---|").append("---:|".repeat(runs.size())).append('\n');
    for (String row : rows) {
      out.append("| ").append(row).append(" |");
      for (List<Map<String, Double>> list : runs.values()) {
        List<Double> values = new ArrayList<>();
        list.forEach(run -> values.add(run.getOrDefault(row, 0.0)));
        out.append(String.format(Locale.ROOT, " %.1f |", Stats.median(values)));
      }
      out.append('\n');
    }
    for (String id : runs.keySet()) {
      List<Double> ratio = new ArrayList<>();
      List<Double> added = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Map<String, Double> run = runs.get(id).get(r);
        Map<String, Double> baseline = runs.get(base).get(r);
        ratio.add(run.get("=calls_per_s") / baseline.get("=calls_per_s"));
        added.add(run.get("=cpu_us_per_call") - baseline.get("=cpu_us_per_call"));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%s: calls/s × %.3f of %s, CPU %+.0f µs/call (medians of per-round values %s)%n",
              id,
              Stats.median(ratio),
              base,
              Stats.median(added),
              added));
    }
    System.out.print(out);
  }
}
