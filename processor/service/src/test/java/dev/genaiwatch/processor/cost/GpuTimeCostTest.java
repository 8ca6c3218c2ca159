package dev.genaiwatch.processor.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.genaiwatch.processor.ProcessorConfig;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GpuTimeCostTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private static CostSettings settings(Map<String, String> keys) {
    Properties file = new Properties();
    file.putAll(keys);
    return CostSettings.from(ProcessorConfig.of(file, Map.of()));
  }

  private static ServerInference call(String address, double seconds, double concurrency) {
    return new ServerInference(
        "shop", "qwen2.5-7b-instruct", "chat", address, "8000", seconds, concurrency, 0, 1);
  }

  @Test
  void gpuHourPriceTimesInferenceTimeSharedByConcurrentRequests() throws IOException {
    CostSettings settings = settings(Map.of("cost.gpu.price.per.hour", "3.60"));
    GpuTimeCost cost =
        new GpuTimeCost(settings, new CostMetrics(registry), ObservedConcurrency.UNKNOWN);
    // 3.60 USD/h = 0.001 USD/s; 2 s shared by 4 requests = 0.5 GPU-seconds.
    assertThat(cost.inferred(call("vllm", 2.0, 4))).isCloseTo(0.0005, within(1e-12));
    assertThat(scrape())
        .contains(
            "genai_watch_cost_usd_total{gen_ai_operation_name=\"chat\",gen_ai_request_model=\"qwen2.5-7b-instruct\",genai_watch_cost_basis=\"gpu_time_estimate\",service_name=\"shop\"} 5.0E-4");
  }

  @Test
  void concurrencyUnknownToTheJoinIsTakenFromTheScrapedServer() {
    CostSettings settings = settings(Map.of("cost.gpu.price.per.hour", "3.60"));
    ObservedConcurrency scraped =
        (server, from, to) -> server.equals("vllm:8000") ? 2.0 : Double.NaN;
    GpuTimeCost cost = new GpuTimeCost(settings, new CostMetrics(registry), scraped);
    assertThat(cost.inferred(call("vllm", 2.0, Double.NaN))).isCloseTo(0.001, within(1e-12));
    assertThat(cost.inferred(call("other", 2.0, Double.NaN))).isCloseTo(0.002, within(1e-12));
  }

  @Test
  void perServerPriceWinsOverTheGlobalOneAndNoPriceMeansNoEstimate() {
    CostSettings settings =
        settings(Map.of("cost.gpu.price.per.hour.by.server", "vllm:8000=7.20, cheap=0.36"));
    GpuTimeCost cost =
        new GpuTimeCost(settings, new CostMetrics(registry), ObservedConcurrency.UNKNOWN);
    assertThat(cost.inferred(call("vllm", 1.0, 1))).isCloseTo(0.002, within(1e-12));
    assertThat(cost.inferred(call("cheap", 1.0, 1))).isCloseTo(0.0001, within(1e-12));
    assertThat(cost.inferred(call("elsewhere", 1.0, 1))).isNaN();
  }

  @Test
  void badGpuPriceSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> settings(Map.of("cost.gpu.price.per.hour", "-1")))
        .hasMessageContaining("cost.gpu.price.per.hour must be a number >= 0");
    assertThatThrownBy(() -> settings(Map.of("cost.gpu.price.per.hour.by.server", "vllm:8000")))
        .hasMessageContaining("cost.gpu.price.per.hour.by.server")
        .hasMessageContaining("'vllm:8000'");
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
