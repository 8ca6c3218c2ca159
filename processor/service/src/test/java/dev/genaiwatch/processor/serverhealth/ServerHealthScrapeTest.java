package dev.genaiwatch.processor.serverhealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.RefusedPort;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Scrapes of the real simulator's /metrics, and of targets that never answer. */
class ServerHealthScrapeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private static ServerHealthSettings settings(String targets) {
    Properties file = new Properties();
    file.putAll(
        Map.of(
            "serverhealth.targets", targets,
            "serverhealth.interval.ms", "50",
            "serverhealth.timeout.ms", "300"));
    return ServerHealthSettings.from(ProcessorConfig.of(file, Map.of()));
  }

  private static void chat(SimulatedLlmServer sim, String text) throws Exception {
    String body =
        "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + text
            + "\"}]}";
    HTTP.send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double scrapes(String server, String outcome) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("genai_watch_serverhealth_scrapes"))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .filter(p -> p.getLabels().equals(Labels.of("outcome", outcome, "server", server)))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void samplesHoldTheSimulatorsQueueRunningKvCacheAndPrefixCounters() throws Exception {
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency())) {
      String sentence = "The quick brown fox jumps over the lazy dog near the river bank today";
      for (int i = 0; i < 4; i++) {
        chat(sim, sentence + " " + sentence + " " + i);
      }
      String page = sim.metricsText();
      ServerSample direct =
          VllmExposition.read(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), 0);
      assertThat(direct.waiting()).isEqualTo(sum(page, "vllm:num_requests_waiting"));
      assertThat(direct.running()).isEqualTo(sum(page, "vllm:num_requests_running"));
      assertThat(direct.kvCacheUsage()).isEqualTo(sum(page, "vllm:kv_cache_usage_perc") / 2);
      assertThat(direct.prefixCacheQueries())
          .isEqualTo(sum(page, "vllm:prefix_cache_queries_total"))
          .isPositive();
      assertThat(direct.prefixCacheHits())
          .isEqualTo(sum(page, "vllm:prefix_cache_hits_total"))
          .isPositive();

      String server = "127.0.0.1:" + sim.port();
      try (ServerHealth health = new ServerHealth(settings(sim.rootUrl() + "/metrics"), registry)) {
        await("three scrapes", () -> scrapes(server, "ok") >= 3);
        assertThat(scrapes(server, "failed")).isZero();
        long now = System.currentTimeMillis();
        assertThat(health.meanRunning(server, 0, now * 1_000_000)).isZero();
        assertThat(health.meanRunning("elsewhere:1", 0, now * 1_000_000)).isNaN();
      }
    }
  }

  @Test
  void targetsThatRefuseOrNeverAnswerAreCountedAndDoNotHoldUpTheOthers() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
        ServerSocket silent = new ServerSocket(0)) {
      int refusedPort = RefusedPort.port();
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    accepted.add(silent.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String targets =
          "http://127.0.0.1:"
              + refusedPort
              + "/metrics,http://127.0.0.1:"
              + silent.getLocalPort()
              + "/metrics,"
              + sim.rootUrl()
              + "/metrics";
      try (ServerHealth health = new ServerHealth(settings(targets), registry)) {
        await(
            "failed scrapes of both dead targets and good ones of the simulator",
            () ->
                scrapes("127.0.0.1:" + refusedPort, "failed") >= 2
                    && scrapes("127.0.0.1:" + silent.getLocalPort(), "failed") >= 2
                    && scrapes("127.0.0.1:" + sim.port(), "ok") >= 2);
        assertThat(scrapes("127.0.0.1:" + silent.getLocalPort(), "ok")).isZero();
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void targetThatIsNotAnHttpUrlIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> settings("vllm:8000/metrics"))
        .hasMessageContaining("serverhealth.targets")
        .hasMessageContaining("'vllm:8000/metrics'");
  }

  private static double sum(String page, String name) {
    return page.lines()
        .filter(line -> line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
