package dev.genaiwatch.simulator;

/**
 * Where one generation request spent its time inside the simulated server, measured as it happened
 * (the sleeps of the {@link LatencyModel} and the wait for a running slot): the ground truth of the
 * vLLM {@code llm_request} span's {@code gen_ai.latency.*} attributes. vLLM's definitions: queue =
 * arrival to scheduled, prefill = scheduled to first token, decode = first token to last token,
 * time to first token = arrival to first token, e2e = arrival to finished.
 *
 * @param startEpochNanos when the request arrived (after its body was read), wall clock
 * @param queueNanos waiting for a running slot (and any slow-first-byte fault before it)
 * @param prefillNanos from admission to the first token
 * @param decodeNanos from the first token to the last
 * @param timeToFirstTokenNanos from arrival to the first token
 * @param e2eNanos from arrival to the end of the response
 */
public record ServerTiming(
    long startEpochNanos,
    long queueNanos,
    long prefillNanos,
    long decodeNanos,
    long timeToFirstTokenNanos,
    long e2eNanos) {

  /** Prefill plus decode, vLLM's {@code time_in_model_inference}. */
  public long inferenceNanos() {
    return prefillNanos + decodeNanos;
  }
}
