package dev.genaiwatch.processor.cost;

import dev.genaiwatch.evaluation.LabelCap;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code genai_watch_cost_usd_total} by service, model, operation and basis, and {@code
 * genai_watch_cost_unpriced_total} by model, per the span contract.
 */
public final class CostMetrics {
  private final Counter cost;
  private final Counter unpriced;
  // Service and model names come from senders: capped like the evaluation metrics' (the first 500
  // values of each label kept, later ones counted as "other"), so /metrics stays bounded.
  static final int MAX_LABEL_VALUES = 500;
  private final LabelCap services = new LabelCap(MAX_LABEL_VALUES);
  private final LabelCap models = new LabelCap(MAX_LABEL_VALUES);

  public CostMetrics(PrometheusRegistry registry) {
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
  }

  void cost(String service, String model, String operation, CostBasis basis, double usd) {
    cost.labelValues(services.apply(service), models.apply(model), operation, basis.label())
        .inc(usd);
  }

  void unpriced(String model) {
    unpriced.labelValues(models.apply(model)).inc();
  }
}
