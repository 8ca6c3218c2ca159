package dev.genaiwatch.processor.cost;

/**
 * The approximate cost of a call to a self-hosted model: the server's GPU price per hour times the
 * inference time the server reported for the call, divided by the requests it was running at the
 * same time (continuous batching shares the GPU among them). The concurrency comes from the join
 * when it knows it, else from the server's scraped {@code vllm:num_requests_running} over the call,
 * else 1 (the upper bound). Counted on {@code genai_watch_cost_usd} with basis {@code
 * gpu_time_estimate}.
 */
public record GpuTimeCost(
    CostSettings settings, CostMetrics metrics, ObservedConcurrency concurrency)
    implements ServerInferenceTime {

  @Override
  public double inferred(ServerInference call) {
    double perHour = settings.gpuPricePerHour(call.serverAddress(), call.serverPort());
    if (!settings.enabled() || !(perHour > 0) || !(call.inferenceSeconds() >= 0)) {
      return Double.NaN;
    }
    double sharedBy = call.concurrentRequests();
    if (!(sharedBy >= 1)) {
      String server =
          call.serverPort() == null
              ? call.serverAddress()
              : call.serverAddress() + ":" + call.serverPort();
      sharedBy = concurrency.meanRunning(server, call.startEpochNanos(), call.endEpochNanos());
    }
    double usd = perHour / 3600 * call.inferenceSeconds() / (sharedBy >= 1 ? sharedBy : 1);
    metrics.cost(
        CostEnricher.orUnknown(call.serviceName()),
        CostEnricher.orUnknown(call.requestModel()),
        CostEnricher.orUnknown(call.operationName()),
        CostBasis.GPU_TIME_ESTIMATE,
        usd);
    return usd;
  }
}
