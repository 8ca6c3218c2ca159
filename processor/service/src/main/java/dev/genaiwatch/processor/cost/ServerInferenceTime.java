package dev.genaiwatch.processor.cost;

/**
 * The hook through which the client/server span join ({@code dev.genaiwatch.processor.latency})
 * hands each matched call's server-side inference time to cost estimation. Called once per matched
 * pair, from the join's thread; cheap and never throws.
 */
public interface ServerInferenceTime {
  /**
   * @return the estimated cost of the call in USD (basis {@code gpu_time_estimate}), for the join
   *     to publish beside its latency breakdown; NaN when the call's server has no GPU price
   */
  double inferred(ServerInference call);
}
