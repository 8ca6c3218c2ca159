package dev.genaiwatch.e2e.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus server (Debian's package, installed by {@code ops/ensure-prometheus.sh} when
 * missing) scraping the given targets every second, with its own temporary storage, queried through
 * its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path logFile;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path logFile, String baseUrl) {
    this.process = process;
    this.logFile = logFile;
    this.baseUrl = baseUrl;
  }

  /** Starts Prometheus with one scrape job per {@code jobAndTarget} pair ("job=host:port"). */
  public static PrometheusServer start(Path workDir, List<String> jobAndTarget) throws Exception {
    Path bin = MonitoringTools.binDir();
    Files.createDirectories(workDir);
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - "
                + MonitoringTools.repoFile("ops/prometheus/alerts.yml")
                + "\nscrape_configs:\n");
    for (String entry : jobAndTarget) {
      String[] parts = entry.split("=", 2);
      config
          .append("  - job_name: ")
          .append(parts[0])
          .append("\n    static_configs:\n      - targets: ['")
          .append(parts[1])
          .append("']\n");
    }
    Path configFile = workDir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    int port = freePort();
    Path log = workDir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                bin.resolve("prometheus").toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + port);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(logFile));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "prometheus not ready within 60 s: " + Files.readString(logFile));
  }

  /** Every metric name Prometheus has stored. */
  public Set<String> metricNames() throws Exception {
    JsonNode data = api("/api/v1/label/__name__/values");
    Set<String> names = new TreeSet<>();
    data.forEach(n -> names.add(n.asText()));
    return names;
  }

  /**
   * Every metric name Prometheus has stored, asked again every 250 ms until it holds all of {@code
   * wanted} or {@code timeout} passes; the last answer either way (a series appears at the scrape
   * after its first sample).
   */
  public Set<String> awaitMetricNames(Collection<String> wanted, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> names = metricNames();
    while (!names.containsAll(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      names = metricNames();
    }
    return names;
  }

  /** The result vector of an instant query. */
  public JsonNode query(String promql) throws Exception {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .path("result");
  }

  /**
   * The result vector of an instant query, asked again every 250 ms until {@code until} holds or
   * {@code timeout} passes; the last result either way. A series appears only at the scrape after
   * its first sample (every second here), and rules are evaluated on their own clock, so a test
   * that asks once races both.
   */
  public JsonNode awaitQuery(String promql, Predicate<JsonNode> until, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode result = query(promql);
    while (!until.test(result) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      result = query(promql);
    }
    return result;
  }

  /** The scrape targets with their health, as Prometheus reports them. */
  JsonNode targets() throws Exception {
    return api("/api/v1/targets").path("activeTargets");
  }

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> response = get(path);
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(
          "prometheus " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return body.path("data");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public String log() {
    try {
      return Files.readString(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
