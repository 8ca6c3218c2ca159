package dev.genaiwatch.testapp.scenario;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code run} arguments, starts an embedded server when no base URL is given, runs scenarios
 * in order.
 */
public final class ScenarioRunner {
  /** The options of {@code run}, each followed by its value. */
  private static final List<String> OPTIONS =
      List.of("--base-url", "--requests", "--seed", "--latency", "--linger-seconds");

  private ScenarioRunner() {}

  static Map<String, Scenario> all() {
    return ScenarioCatalog.all();
  }

  public static void list(PrintStream out) {
    all().values().forEach(s -> out.println(s.name() + "\t" + s.description()));
  }

  /** Returns the process exit code: 0, or 1 if a scenario failed unexpectedly. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0) {
      err.println("run: name the scenarios to run (see 'list')");
      return 2;
    }
    Map<String, Scenario> known = all();
    List<Scenario> selected = new ArrayList<>();
    for (String name : args[0].split(",")) {
      if (name.equals("all")) {
        selected.addAll(known.values());
      } else if (known.containsKey(name)) {
        selected.add(known.get(name));
      } else {
        err.println(
            "run: unknown scenario '" + name + "'; known: " + String.join(", ", known.keySet()));
        return 2;
      }
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!OPTIONS.contains(args[i])) {
        err.println("run: unknown option " + args[i]);
        return 2;
      }
      options.put(args[i], i + 1 < args.length ? args[i + 1] : null);
    }
    String baseUrl = options.get("--base-url");
    int requests = Integer.parseInt(options.getOrDefault("--requests", "20"));
    long seed = Long.parseLong(options.getOrDefault("--seed", "42"));
    String latency = options.getOrDefault("--latency", "zero");
    int lingerSeconds = Integer.parseInt(options.getOrDefault("--linger-seconds", "0"));
    SimulatedLlmServer embedded = null;
    try {
      if (baseUrl == null) {
        SimConfig config =
            "realistic".equals(latency) ? SimConfig.realistic() : SimConfig.zeroLatency();
        embedded = SimulatedLlmServer.start(config);
        baseUrl = embedded.baseUrl();
      }
      ScenarioContext context =
          new ScenarioContext(
              baseUrl, requests, seed, "qwen2.5-7b-instruct", "text-embedding-3-small", out);
      int failures = 0;
      for (Scenario scenario : selected) {
        try {
          scenario.run(context);
        } catch (Exception e) {
          failures++;
          out.println(scenario.name() + ": FAILED " + e);
        }
      }
      out.flush();
      if (lingerSeconds > 0) {
        // Pull-based exporters (Prometheus) need the process alive after the last call to be
        // scraped.
        System.err.println("SCENARIOS_DONE lingering " + lingerSeconds + " s");
        Thread.sleep(lingerSeconds * 1000L);
      }
      return failures == 0 ? 0 : 1;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
