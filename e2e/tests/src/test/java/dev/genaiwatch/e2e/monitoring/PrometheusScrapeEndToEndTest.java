package dev.genaiwatch.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real Prometheus scrapes the agent's Prometheus exporter while the testapp runs: the metric
 * names the shipped dashboard and alerts query exist with the labels they group by. One run, many
 * assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeEndToEndTest {
  private static final String MODEL = "qwen2.5-7b-instruct";
  private SimulatedLlmServer sim;
  private PrometheusServer prometheus;
  private ForkedJvm.Result app;
  private Set<String> stored;

  @BeforeAll
  void runTheAppUnderPrometheus() throws Exception {
    sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
    int exporterPort = PrometheusServer.freePort();
    Path work =
        Path.of(System.getProperty("genaiwatch.work.dir", "target/e2e"))
            .resolve("prometheus-scrape");
    prometheus = PrometheusServer.start(work, List.of("llm-app=127.0.0.1:" + exporterPort));
    app =
        ForkedJvm.on(ForkedJvm.Jdks.current())
            .agent(Path.of(System.getProperty("genaiwatch.agent.jar")))
            .jar(
                Path.of(System.getProperty("genaiwatch.testapp.jar")),
                "run",
                "openai-chat,openai-chat-stream,openai-prefix-cache,openai-errors",
                "--base-url",
                sim.baseUrl(),
                "--requests",
                "4",
                // Long enough for two successful scrapes (the recording rules' rates need two) even
                // when a loaded machine makes some of the 1 s scrapes time out: 4 s once gave one.
                "--linger-seconds",
                "8")
            .env("OTEL_SERVICE_NAME", "prometheus-e2e")
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("OTEL_METRICS_EXPORTER", "prometheus")
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(exporterPort))
            .timeout(Duration.ofMinutes(3))
            .run();
    // The app lingered for 8 s with a 1 s scrape interval; wait (bounded) until the samples are
    // queryable.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      stored = prometheus.metricNames();
      if (stored.contains("gen_ai_client_operation_duration_seconds_count")) {
        break;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void theAppRanNormallyWithThePrometheusExporterSelected() {
    assertThat(app.exitCode()).as(app.describe()).isZero();
    assertThat(app.genaiWatchLogLines()).noneMatch(l -> l.contains("WARN"));
  }

  @Test
  void everyAgentMetricTheDashboardQueriesIsScraped() throws Exception {
    Set<String> wanted =
        agentSide(
            MonitoringTools.metricNamesIn(
                MonitoringTools.repoFile("ops/grafana/genai-watch-dashboard.json")));

    assertThat(wanted).isNotEmpty();
    assertThat(stored).as(prometheus.log()).containsAll(wanted);
  }

  @Test
  void everyAgentMetricTheAlertsQueryIsScraped() throws Exception {
    Set<String> wanted =
        agentSide(
            MonitoringTools.metricNamesIn(MonitoringTools.repoFile("ops/prometheus/alerts.yml")));

    assertThat(wanted)
        .contains(
            "gen_ai_client_operation_duration_seconds_count",
            "gen_ai_client_operation_time_to_first_chunk_seconds_bucket");
    assertThat(stored).containsAll(wanted);
  }

  @Test
  void durationSeriesCarryTheModelAndErrorTypeLabelsTheAlertsGroupBy() throws Exception {
    JsonNode failed =
        prometheus.query(
            "sum by (gen_ai_request_model, error_type) ("
                + lastScraped(
                    "gen_ai_client_operation_duration_seconds_count{job=\"llm-app\", error_type!=\"\"}")
                + ")");
    Set<String> errorTypes = new TreeSet<>();
    failed.forEach(
        r -> {
          assertThat(r.path("metric").path("gen_ai_request_model").asText()).isEqualTo(MODEL);
          errorTypes.add(r.path("metric").path("error_type").asText());
        });

    // openai-errors provokes a 429 and a 500 among others.
    assertThat(errorTypes).contains("429", "500");
  }

  @Test
  void cacheReadTokensAreScrapedForThePrefixCacheScenario() throws Exception {
    JsonNode cached =
        prometheus.query(
            "sum("
                + lastScraped(
                    "genai_watch_client_cache_read_input_tokens_sum{job=\"llm-app\", gen_ai_request_model=\""
                        + MODEL
                        + "\"}")
                + ")");

    assertThat(cached).hasSize(1);
    assertThat(cached.get(0).path("value").get(1).asDouble()).isPositive();
  }

  @Test
  void theAlertRulesLoadAndEvaluateAgainstTheScrapedSeries() throws Exception {
    // Rules are evaluated every second; the first evaluations may precede the second scrape a rate
    // needs.
    JsonNode rules =
        prometheus.awaitQuery(
            "genai_watch:ttft_seconds:p95_10m", r -> !r.isEmpty(), Duration.ofSeconds(20));
    Set<String> models = new TreeSet<>();
    rules.forEach(r -> models.add(r.path("metric").path("gen_ai_request_model").asText()));

    assertThat(models).contains(MODEL);
  }

  /**
   * The series' last scraped value. The app has exited when the tests query, and Prometheus marks a
   * gone target's series stale at its next failed scrape, after which a plain instant query returns
   * nothing; a range selector skips staleness markers.
   */
  private static String lastScraped(String selector) {
    return "last_over_time(" + selector + "[5m])";
  }

  private static Set<String> agentSide(Set<String> names) {
    return names.stream()
        .filter(n -> n.startsWith("gen_ai_client_") || n.startsWith("genai_watch_client_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
