package dev.genaiwatch.evaluation;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The evaluator's Prometheus metrics. Labels: {@code gen_ai_evaluation_name}, {@code service_name}
 * and {@code gen_ai_request_model} of the evaluated call (the rate-limit key); failures also by
 * {@code reason}.
 */
final class EvaluationMetrics {

  private static final String NAME = "gen_ai_evaluation_name";
  private static final String SERVICE = "service_name";
  private static final String MODEL = "gen_ai_request_model";

  final Histogram score;
  final Counter done;
  final Counter failed;
  final Counter skippedSampling;
  final Counter skippedNoContent;
  final Counter rateLimited;
  final Counter queueFull;
  final Counter cacheHits;
  final Counter checks;
  final Counter flagged;
  // Service and model come from senders: each capped (overflow into "other") so /metrics stays
  // bounded.
  private final LabelCap services = new LabelCap(MAX_LABEL_VALUES);
  private final LabelCap models = new LabelCap(MAX_LABEL_VALUES);
  static final int MAX_LABEL_VALUES = 500;

  String service(String serviceName) {
    return services.apply(serviceName);
  }

  String model(String requestModel) {
    return models.apply(requestModel);
  }

  EvaluationMetrics(PrometheusRegistry registry) {
    score =
        Histogram.builder()
            .name("genai_watch_eval_score")
            .help("Judge scores by evaluation name, service and model")
            .classicUpperBounds(0.1, 0.25, 0.5, 0.75, 1, 2, 3, 4, 5)
            .classicOnly()
            .labelNames(NAME, SERVICE, MODEL)
            .register(registry);
    done =
        counter(
            registry,
            "genai_watch_eval_done",
            "Judge evaluations that produced a score",
            NAME,
            SERVICE,
            MODEL);
    failed =
        counter(
            registry,
            "genai_watch_eval_failed",
            "Evaluations that produced no score, by reason (error.type)",
            NAME,
            SERVICE,
            MODEL,
            "reason");
    skippedSampling =
        counter(
            registry,
            "genai_watch_eval_skipped_sampling",
            "GenAI spans not judged because their trace was not sampled",
            SERVICE,
            MODEL);
    skippedNoContent =
        counter(
            registry,
            "genai_watch_eval_skipped_no_content",
            "Sampled GenAI spans not judged because their content was not captured",
            SERVICE,
            MODEL);
    rateLimited =
        counter(
            registry,
            "genai_watch_eval_rate_limited",
            "Sampled GenAI spans not judged because their key was over its rate limit",
            SERVICE,
            MODEL);
    queueFull =
        counter(
            registry,
            "genai_watch_eval_queue_full",
            "Sampled GenAI spans not judged because the judge queue was full",
            SERVICE,
            MODEL);
    cacheHits =
        counter(
            registry,
            "genai_watch_eval_cache_hits",
            "Evaluations answered from the verdict cache",
            NAME,
            SERVICE,
            MODEL);
    // Heuristic ratios (refusals, truncations, RAG answers that ignored their documents) need both
    // counts.
    checks =
        counter(
            registry,
            "genai_watch_eval_checks",
            "Heuristic checks run, by check (empty_output, truncated, refusal, invalid_json, rag_context_unused)",
            "check",
            SERVICE,
            MODEL);
    flagged =
        counter(
            registry,
            "genai_watch_eval_flagged",
            "Heuristic checks that flagged the call, by check",
            "check",
            SERVICE,
            MODEL);
  }

  private static Counter counter(
      PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Counter.builder().name(name).help(help).labelNames(labelNames).register(registry);
  }
}
