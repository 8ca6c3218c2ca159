package dev.genaiwatch.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules and dashboard are valid for the real tools, and the alerts fire when they
 * should.
 */
class PrometheusRulesTest {

  @Test
  void alertRulesPassPromtoolCheck() throws Exception {
    assertThat(promtool("check", "rules", "ops/prometheus/alerts.yml").output())
        .contains("SUCCESS");
  }

  @Test
  void alertRulesPassTheirUnitTests() throws Exception {
    // alerts_test.yml feeds synthetic series and expects each alert to stay silent before, and fire
    // after, the
    // condition has held for its 'for' duration, with the exact labels and annotations.
    promtool("test", "rules", "ops/prometheus/alerts_test.yml");
  }

  @Test
  void examplePrometheusConfigPassesPromtoolCheck() throws Exception {
    promtool("check", "config", "ops/prometheus/prometheus.yml");
  }

  @Test
  void everyDashboardQueryIsValidPromql() throws Exception {
    Path dashboard = MonitoringTools.repoFile("ops/grafana/genai-watch-dashboard.json");
    JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
    List<String> exprs = new ArrayList<>();
    root.path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);

    for (String expr : exprs) {
      // Grafana's variables are replaced by what they expand to, so promtool parses what Prometheus
      // will run.
      String promql =
          expr.replace("$__rate_interval", "1m").replace("$job", ".*").replace("$model", ".*");
      String rule =
          "groups:\n- name: dashboard\n  rules:\n  - record: dashboard:check\n    expr: '"
              + promql.replace("'", "''")
              + "'\n";
      Path file = Files.createTempFile("dashboard-expr", ".yml");
      Files.writeString(file, rule);
      MonitoringTools.ToolResult result =
          MonitoringTools.run("promtool", "check", "rules", file.toString());
      Files.delete(file);
      assertThat(result.exitCode()).as(expr + "\n" + result.output()).isZero();
    }
  }

  /**
   * Runs {@code promtool <command> <what>} on the repository's {@code file}, which must succeed;
   * returns what it said.
   */
  private static MonitoringTools.ToolResult promtool(String command, String what, String file)
      throws Exception {
    MonitoringTools.ToolResult result =
        MonitoringTools.run("promtool", command, what, MonitoringTools.repoFile(file).toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result;
  }
}
