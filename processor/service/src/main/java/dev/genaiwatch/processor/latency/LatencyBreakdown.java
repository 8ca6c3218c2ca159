package dev.genaiwatch.processor.latency;

/**
 * One client call joined with its model server's span: where its time went. All durations in
 * nanoseconds.
 *
 * <p>{@code networkNanos} is the time the server cannot see: network, TLS, proxies, the client's
 * own overhead. Streamed: client TTFT − server TTFT (before the first token). Not streamed: client
 * duration − server e2e (the whole call). It can be slightly negative when the two clocks measure
 * from slightly different points; it is reported as computed.
 *
 * @param clientTimeToFirstChunkNanos -1 when the call was not streamed
 * @param tokenMismatch the server's prompt/completion token counts differ from what the client
 *     reported (only when both sides reported them)
 */
public record LatencyBreakdown(
    String traceId,
    String clientSpanId,
    String serviceName,
    String operation,
    String model,
    String server,
    String responseId,
    boolean streamed,
    long clientStartEpochNanos,
    long clientDurationNanos,
    long clientTimeToFirstChunkNanos,
    long queueNanos,
    long prefillNanos,
    long decodeNanos,
    long serverTimeToFirstTokenNanos,
    long serverE2eNanos,
    long networkNanos,
    long clientInputTokens,
    long clientOutputTokens,
    long serverPromptTokens,
    long serverCompletionTokens,
    boolean tokenMismatch) {

  static LatencyBreakdown of(ClientCall client, ServerRequest server) {
    long network =
        client.streamed()
            ? client.timeToFirstChunkNanos() - server.timeToFirstTokenNanos()
            : client.durationNanos() - server.e2eNanos();
    boolean mismatch =
        differ(client.inputTokens(), server.promptTokens())
            || differ(client.outputTokens(), server.completionTokens());
    return new LatencyBreakdown(
        client.traceId(),
        client.spanId(),
        client.serviceName(),
        client.operation(),
        client.model(),
        client.server(),
        client.responseId() != null ? client.responseId() : server.requestId(),
        client.streamed(),
        client.startEpochNanos(),
        client.durationNanos(),
        client.timeToFirstChunkNanos(),
        server.queueNanos(),
        server.prefillNanos(),
        server.decodeNanos(),
        server.timeToFirstTokenNanos(),
        server.e2eNanos(),
        network,
        client.inputTokens(),
        client.outputTokens(),
        server.promptTokens(),
        server.completionTokens(),
        mismatch);
  }

  private static boolean differ(long client, long server) {
    return client >= 0 && server >= 0 && client != server;
  }

  /** Server time spent computing (prefill + decode): the GPU time of this call. */
  public long inferenceNanos() {
    return prefillNanos + decodeNanos;
  }

  /**
   * The biggest of network, queue and prefill: what made the first token (streamed) or the answer
   * (not streamed) wait; decode joins the comparison for calls that were not streamed.
   */
  public String dominantPart() {
    String part = "network";
    long max = networkNanos;
    if (queueNanos > max) {
      part = "queue";
      max = queueNanos;
    }
    if (prefillNanos > max) {
      part = "prefill";
      max = prefillNanos;
    }
    if (!streamed && decodeNanos > max) {
      part = "decode";
    }
    return part;
  }
}
