package dev.genaiwatch.processor.latency;

/**
 * What the join needs of a client GenAI call span (from the agent).
 *
 * @param timeToFirstChunkNanos the client's TTFT, or -1 when the call was not streamed
 * @param inputTokens reported input tokens, or -1 when absent or only estimated
 * @param outputTokens reported output tokens, or -1 when absent or only estimated
 */
record ClientCall(
    String traceId,
    String spanId,
    String serviceName,
    String operation,
    String model,
    String server,
    String responseId,
    long startEpochNanos,
    long endEpochNanos,
    long timeToFirstChunkNanos,
    long inputTokens,
    long outputTokens) {

  boolean streamed() {
    return timeToFirstChunkNanos >= 0;
  }

  long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }
}
