package dev.genaiwatch.bench.overhead;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Per-call overhead, start-up and memory of the testapp in forked JVMs, every configuration
 * measured in the same run against the same simulated server (its own JVM, zero latency: the worst
 * case for relative overhead) and the same OTLP sink.
 */
public final class OverheadHarness {
  /**
   * The memory runs track native memory (summary level, a few hundred KB of its own in every
   * configuration alike), so that the testapp can report the committed memory of each JVM category
   * beside its RSS: what the agent adds to RSS, split by owner.
   */
  static final List<String> MEMORY_JVM_ARGS = List.of("-XX:NativeMemoryTracking=summary");

  private final Path java;
  private final Path testappJar;
  private final Path workDir;
  private final PrintStream progress;

  public OverheadHarness(Path java, Path testappJar, Path workDir, PrintStream progress) {
    this.java = java;
    this.testappJar = testappJar;
    this.workDir = workDir;
    this.progress = progress;
  }

  public OverheadResults measure(
      OverheadSettings settings, Path agentJar, Path upstreamJar, String upstreamVersion)
      throws IOException, InterruptedException {
    Path logs = Files.createDirectories(workDir.resolve("logs"));
    try (OtlpSink sink = OtlpSink.start();
        SimServer server = SimServer.start(java, testappJar, logs.resolve("sim-server.log"))) {
      List<AgentConfiguration> configs =
          List.of(
              AgentConfiguration.noAgent(),
              AgentConfiguration.genaiWatch(agentJar, sink.endpoint()),
              AgentConfiguration.genaiWatchWithoutContent(agentJar, sink.endpoint()),
              AgentConfiguration.upstream(upstreamJar, upstreamVersion, sink.endpoint()));
      List<Workload> workloads = Workload.all();
      OverheadResults results = new OverheadResults(configs, workloads, settings);
      TestappRun runner = new TestappRun(java, testappJar, logs);
      String url = server.baseUrl();
      sink.takeCounts();

      perCallRounds(
          runner,
          url,
          workloads,
          configs,
          settings.rounds(),
          settings.calls(),
          settings.warmup(),
          (round, workload, config, calls, warmup, values) -> {
            results.add(workload.scenario(), config.id(), values);
            results.addExports(config.id(), sink.takeCounts(), calls + warmup);
            progress.printf(
                "round %d/%d %-26s %-24s %9.1f calls/s  p50 %8.1f us  alloc %9.0f B/call%n",
                round + 1,
                settings.rounds(),
                workload.scenario(),
                config.id(),
                values.get("calls_per_s"),
                values.get("p50_us"),
                values.get("alloc_bytes_per_call"));
          });

      // Content capture off is left out of the steady-state and start-up runs, to keep the run's
      // length; the per-call rows above have it.
      List<AgentConfiguration> withContent =
          configs.stream()
              .filter(c -> !c.id().equals(AgentConfiguration.GENAI_WATCH_NO_CONTENT))
              .toList();

      // Steady state: the same workloads after a warm-up long enough for the JIT (the rows above,
      // after a short one, are mostly the JIT compiling the agent's code and the application's).
      perCallRounds(
          runner,
          url,
          workloads,
          withContent,
          settings.steadyRounds(),
          settings.steadyCalls(),
          settings.steadyWarmup(),
          (round, workload, config, calls, warmup, values) -> {
            results.add(OverheadResults.steady(workload.scenario()), config.id(), values);
            sink.takeCounts();
            progress.printf(
                "steady %d/%d %-26s %-24s %9.1f calls/s  %8.0f us CPU/call after %d warm-up%n",
                round + 1,
                settings.steadyRounds(),
                workload.scenario(),
                config.id(),
                values.get("calls_per_s"),
                values.get("cpu_us_per_call"),
                warmup);
          });

      for (int run = 0; run < settings.startupRuns(); run++) {
        for (AgentConfiguration config : rotated(withContent, run)) {
          Map<String, Double> values = runner.run(config, Workload.STARTUP_SCENARIO, url, 1, 0);
          results.add(OverheadResults.STARTUP, config.id(), values);
          sink.takeCounts();
          progress.printf(
              "start-up %d/%d %-24s first call after %6.0f ms (launch to line %6.0f ms)%n",
              run + 1,
              settings.startupRuns(),
              config.id(),
              values.get("first_call_ms"),
              values.get("launch_to_line_ms"));
          Map<String, Double> sdkOnly = runner.runSdkOnly(config, url);
          results.add(OverheadResults.SDK_STARTUP, config.id(), sdkOnly);
          sink.takeCounts();
          progress.printf(
              "start-up %d/%d %-24s OpenAI SDK alone: first call after %6.0f ms%n",
              run + 1, settings.startupRuns(), config.id(), sdkOnly.get("first_call_ms"));
          Map<String, Double> googleOnly = runner.runGoogleSdkOnly(config, url);
          results.add(OverheadResults.GOOGLE_SDK_STARTUP, config.id(), googleOnly);
          sink.takeCounts();
          progress.printf(
              "start-up %d/%d %-24s Google Gen AI SDK alone: first call after %6.0f ms%n",
              run + 1, settings.startupRuns(), config.id(), googleOnly.get("first_call_ms"));
          Map<String, Double> noLlm = runner.runWithoutLlmCall(config, url);
          results.add(OverheadResults.NO_LLM_STARTUP, config.id(), noLlm);
          sink.takeCounts();
          progress.printf(
              "start-up %d/%d %-24s no LLM call: ready after %6.0f ms, exit after %6.0f ms%n",
              run + 1,
              settings.startupRuns(),
              config.id(),
              noLlm.get("ready_ms"),
              noLlm.get("launch_to_exit_ms"));
        }
      }

      Workload plain = workloads.get(0);
      for (int run = 0; run < settings.memoryRounds(); run++) {
        for (AgentConfiguration config : rotated(configs, run)) {
          Map<String, Double> values =
              runner.run(config, plain.scenario(), url, settings.memoryCalls(), 0, MEMORY_JVM_ARGS);
          results.add(OverheadResults.MEMORY, config.id(), values);
          sink.takeCounts();
          progress.printf(
              "memory %d/%d %-24s heap after GC %6.1f MB, RSS %6.1f MB after %d calls%n",
              run + 1,
              settings.memoryRounds(),
              config.id(),
              values.get("heap_used_after_gc_bytes") / 1e6,
              values.get("rss_kb") / 1e3,
              settings.memoryCalls());
        }
      }
      return results;
    }
  }

  /** What is done with one per-call run's values. */
  private interface PerCallRecord {
    void record(
        int round,
        Workload workload,
        AgentConfiguration config,
        int calls,
        int warmup,
        Map<String, Double> values);
  }

  /**
   * One testapp run per round, workload and configuration, configurations rotated round by round
   * and the upstream agent only where it instruments the client; calls and warm-up are scaled by
   * the workload's calls factor.
   */
  private static void perCallRounds(
      TestappRun runner,
      String url,
      List<Workload> workloads,
      List<AgentConfiguration> configs,
      int rounds,
      int baseCalls,
      int baseWarmup,
      PerCallRecord record)
      throws IOException, InterruptedException {
    for (int round = 0; round < rounds; round++) {
      for (Workload workload : workloads) {
        int calls = Math.max(1, (int) Math.round(baseCalls * workload.callsFactor()));
        int warmup = (int) Math.round(baseWarmup * workload.callsFactor());
        for (AgentConfiguration config : rotated(configs, round)) {
          if (config.id().equals(AgentConfiguration.UPSTREAM) && !workload.upstreamInstruments()) {
            continue;
          }
          Map<String, Double> values = runner.run(config, workload.scenario(), url, calls, warmup);
          record.record(round, workload, config, calls, warmup, values);
        }
      }
    }
  }

  /**
   * Round r starts with configuration r mod n, so no configuration always runs first (or right
   * after another).
   */
  private static List<AgentConfiguration> rotated(List<AgentConfiguration> configs, int round) {
    List<AgentConfiguration> out = new ArrayList<>(configs);
    Collections.rotate(out, -(round % configs.size()));
    return out;
  }
}
