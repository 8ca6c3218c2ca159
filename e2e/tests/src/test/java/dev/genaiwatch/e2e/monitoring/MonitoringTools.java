package dev.genaiwatch.e2e.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's monitoring files and the Prometheus tools that check them. */
public final class MonitoringTools {
  private static final Pattern METRIC_NAME =
      Pattern.compile("\\b((?:gen_ai|genai_watch)_[a-z0-9_]+)\\b");
  private static volatile Path binDir;

  private MonitoringTools() {}

  public static Path repoFile(String relative) {
    String repo = System.getProperty("genaiwatch.repo.dir");
    if (repo == null) {
      throw new IllegalStateException("system property genaiwatch.repo.dir is not set");
    }
    return Path.of(repo).resolve(relative).toAbsolutePath().normalize();
  }

  /**
   * Where prometheus and promtool are, installing them through the project's script when missing.
   */
  static synchronized Path binDir() throws IOException, InterruptedException {
    if (binDir == null) {
      Process p =
          new ProcessBuilder("bash", repoFile("ops/ensure-prometheus.sh").toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "ops/ensure-prometheus.sh failed (exit " + p.exitValue() + "): " + out);
      }
      String[] lines = out.split("\n");
      binDir = Path.of(lines[lines.length - 1].trim());
    }
    return binDir;
  }

  /** Runs a Prometheus tool; returns exit code and combined output. */
  static ToolResult run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binDir().resolve(tool).toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(2, TimeUnit.MINUTES);
    return new ToolResult(p.exitValue(), out);
  }

  record ToolResult(int exitCode, String output) {}

  /**
   * The metric names (as stored in Prometheus, so with _bucket/_sum/_count/_total suffixes) that a
   * PromQL file refers to; recording-rule names contain ':' and are not matched.
   */
  public static Set<String> metricNamesIn(Path file) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC_NAME.matcher(Files.readString(file));
    while (m.find()) {
      String name = m.group(1);
      if (!name.equals("gen_ai_request_model")
          && !name.equals("gen_ai_operation_name")
          && !name.equals("gen_ai_token_type")
          && !name.equals("gen_ai_evaluation_name")
          && !name.equals("genai_watch_drift_feature")
          && !name.equals("genai_watch_drift_method")
          && !name.equals("genai_watch_cost_basis")
          && !name.equals("genai_watch_prompt_template")) {
        names.add(name);
      }
    }
    return names;
  }
}
