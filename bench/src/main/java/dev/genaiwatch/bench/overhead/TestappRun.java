package dev.genaiwatch.bench.overhead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One forked testapp JVM running one benchmark scenario; returns the values of its {@code BENCH}
 * line.
 */
final class TestappRun {
  /** Same heap limit for every configuration, so RSS and GC behaviour are comparable. */
  static final List<String> JVM_ARGS = List.of("-Xmx512m");

  static final String NO_LLM_APPLICATION = "dev.genaiwatch.testapp.scenario.NoLlmStartup";

  static final String SDK_APPLICATION = "dev.genaiwatch.testapp.scenario.OpenAiSdkStartup";

  static final String GOOGLE_SDK_APPLICATION =
      "dev.genaiwatch.testapp.scenario.GoogleGenAiSdkStartup";

  private final Path java;
  private final Path testappJar;
  private final Path logDir;
  private int runs;

  TestappRun(Path java, Path testappJar, Path logDir) {
    this.java = java;
    this.testappJar = testappJar;
    this.logDir = logDir;
  }

  Map<String, Double> run(
      AgentConfiguration config, String scenario, String baseUrl, int calls, int warmup)
      throws IOException, InterruptedException {
    return run(config, scenario, baseUrl, calls, warmup, List.of());
  }

  /**
   * As above, with {@code extraJvmArgs} before the application (the same for every configuration).
   */
  Map<String, Double> run(
      AgentConfiguration config,
      String scenario,
      String baseUrl,
      int calls,
      int warmup,
      List<String> extraJvmArgs)
      throws IOException, InterruptedException {
    List<String> app = new ArrayList<>(extraJvmArgs);
    app.addAll(
        List.of(
            "-Dbench.warmup=" + warmup,
            "-jar",
            testappJar.toString(),
            "run",
            scenario,
            "--base-url",
            baseUrl,
            "--requests",
            Integer.toString(calls)));
    return run(config, scenario, app);
  }

  /**
   * The testapp's application that never calls a model ({@code NoLlmStartup}), started by its own
   * main class: the scenario catalog behind {@code -jar} loads classes of every LLM SDK first.
   */
  Map<String, Double> runWithoutLlmCall(AgentConfiguration config, String baseUrl)
      throws IOException, InterruptedException {
    return run(
        config,
        NO_LLM_APPLICATION,
        List.of("-cp", testappJar.toString(), NO_LLM_APPLICATION, baseUrl));
  }

  /**
   * The testapp's application that calls a model through the OpenAI SDK and loads nothing else
   * ({@code OpenAiSdkStartup}), started by its own main class.
   */
  Map<String, Double> runSdkOnly(AgentConfiguration config, String baseUrl)
      throws IOException, InterruptedException {
    return run(
        config, SDK_APPLICATION, List.of("-cp", testappJar.toString(), SDK_APPLICATION, baseUrl));
  }

  /**
   * The testapp's application that calls a model through Google's Gen AI SDK and loads nothing else
   * ({@code GoogleGenAiSdkStartup}): one streamed call read to its end. The SDK appends its own
   * paths to the server's root, {@code baseUrl} without its {@code /v1}.
   */
  Map<String, Double> runGoogleSdkOnly(AgentConfiguration config, String baseUrl)
      throws IOException, InterruptedException {
    String root = baseUrl.endsWith("/v1") ? baseUrl.substring(0, baseUrl.length() - 3) : baseUrl;
    return run(
        config,
        GOOGLE_SDK_APPLICATION,
        List.of("-cp", testappJar.toString(), GOOGLE_SDK_APPLICATION, root));
  }

  private Map<String, Double> run(AgentConfiguration config, String scenario, List<String> app)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JVM_ARGS);
    command.addAll(config.jvmArgs());
    command.addAll(app);
    Path log = logDir.resolve(String.format("%03d-%s-%s.log", ++runs, scenario, config.id()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("GENAI_WATCH_"));
    builder.environment().putAll(config.env());
    long launched = System.nanoTime();
    Process process = builder.start();
    Map<String, Double> values = null;
    List<String> output = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        if (line.startsWith("BENCH ") && values == null) {
          values = parse(line);
          values.put("launch_to_line_ms", (System.nanoTime() - launched) / 1e6);
        }
      }
    }
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("testapp did not finish: " + command);
    }
    if (values != null) {
      // Exit included: what a short-lived application (a batch job, a CLI) pays in wall time.
      values.put("launch_to_exit_ms", (System.nanoTime() - launched) / 1e6);
    }
    if (process.exitValue() != 0 || values == null) {
      Files.write(log, output, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      throw new IOException(
          "testapp "
              + scenario
              + " with "
              + config.id()
              + " failed (exit "
              + process.exitValue()
              + "); see "
              + log);
    }
    return values;
  }

  private static Map<String, Double> parse(String line) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String pair : line.substring("BENCH ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
        } catch (NumberFormatException notANumber) {
          // The scenario name; the caller knows it.
        }
      }
    }
    return values;
  }
}
