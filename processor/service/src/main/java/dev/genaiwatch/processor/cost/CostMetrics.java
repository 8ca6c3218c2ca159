package dev.genaiwatch.processor.cost;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code genai_watch_cost_usd_total} by service, model, operation and basis, and {@code
 * genai_watch_cost_unpriced_total} by model, per the span contract.
 */
public final class CostMetrics {
  private final Counter cost;
  private final Counter unpriced;
  private final SeriesCap costSeries;
  private final SeriesCap unpricedSeries;

  public CostMetrics(PrometheusRegistry registry, int maxSeries) {
    cost =
        Counter.builder()
            .name("genai_watch_cost_usd")
            .help(
                "Cost of model calls in USD: price table times reported usage (basis price_table), or"
                    + " GPU price per hour times server inference time (basis gpu_time_estimate)")
            .labelNames(
                "service_name",
                "gen_ai_request_model",
                "gen_ai_operation_name",
                "genai_watch_cost_basis")
            .register(registry);
    unpriced =
        Counter.builder()
            .name("genai_watch_cost_unpriced")
            .help("Model calls with usage but no price: model not in the price table, no GPU price")
            .labelNames("gen_ai_request_model")
            .register(registry);
    costSeries = new SeriesCap(maxSeries);
    unpricedSeries = new SeriesCap(maxSeries);
  }

  void cost(String service, String model, String operation, CostBasis basis, double usd) {
    String[] labels = costSeries.admit(service, model, operation);
    cost.labelValues(labels[0], labels[1], labels[2], basis.label()).inc(usd);
  }

  void unpriced(String model) {
    unpriced.labelValues(unpricedSeries.admit(model)[0]).inc();
  }
}
