package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genaiwatch.processor.report.CostReport;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo report's cost per client equals the price table times the usage the simulator served:
 * two clients call the real simulator, their spans reach a real processor priced by a price file,
 * and the report's totals are checked against the simulator's own log of what it served.
 */
class DemoCostReportTest {
  private static final double INPUT = 0.20;
  private static final double CACHED = 0.05;
  private static final double OUTPUT = 0.60;

  @TempDir Path dataDir;

  @Test
  void costPerClientIsThePriceTableTimesTheServedUsage() throws IOException {
    Path prices = dataDir.resolve("prices.txt");
    Files.writeString(
        prices,
        SimulatedCalls.MODEL
            + " input="
            + INPUT
            + " cached_input="
            + CACHED
            + " output="
            + OUTPUT
            + "\n");
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
        TestProcessor p =
            TestProcessor.start(dataDir, Map.of("cost.prices.file", prices.toString()))) {
      double shop = calls(sim, p, "demo-shop", "You sell shoes. ".repeat(20), 6);
      double support = calls(sim, p, "demo-support", "You fix printers. ".repeat(12), 4);
      TestProcessor.await(
          "ten priced calls",
          () -> p.client.getJson("/api/calls?limit=100").path("calls").size() == 10);

      String metrics = p.client.get("/metrics").body();
      Map<String, Double> totals = CostReport.totals(metrics);
      assertThat(totals).containsOnlyKeys("demo-shop", "demo-support");
      assertThat(totals.get("demo-shop")).isPositive().isCloseTo(shop, within(1e-12));
      assertThat(totals.get("demo-support")).isPositive().isCloseTo(support, within(1e-12));

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      CostReport.print(metrics, new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .containsPattern("demo-shop +" + String.format(Locale.ROOT, "%.6f", shop) + " USD")
          .containsPattern("demo-support +" + String.format(Locale.ROOT, "%.6f", support) + " USD")
          .contains(SimulatedCalls.MODEL + " chat (price_table)");
    }
  }

  /** Makes the calls as {@code service}; returns their cost by the simulator's served log. */
  private static double calls(
      SimulatedLlmServer sim, TestProcessor p, String service, String system, int count) {
    sim.clearServed();
    for (int i = 0; i < count; i++) {
      p.client.postTraces(
          GenAiCalls.request(
              service, SimulatedCalls.streamed(sim, system, "question " + i).span()));
    }
    List<ServedResponse> served = sim.served();
    assertThat(served).hasSize(count);
    double usd = 0;
    for (ServedResponse response : served) {
      usd +=
          ((response.promptTokens() - response.cachedTokens()) * INPUT
                  + response.cachedTokens() * CACHED
                  + response.completionTokens() * OUTPUT)
              / 1e6;
    }
    return usd;
  }
}
