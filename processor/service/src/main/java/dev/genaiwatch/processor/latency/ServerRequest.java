package dev.genaiwatch.processor.latency;

/**
 * What the join needs of a model server's {@code llm_request} SERVER span (vLLM's {@code
 * gen_ai.latency.*} attributes, sent in seconds, held here in nanoseconds).
 *
 * @param parentSpanId the span that sent the request: the client GenAI span or its wire-level child
 * @param promptTokens {@code gen_ai.usage.prompt_tokens}, or -1
 * @param completionTokens {@code gen_ai.usage.completion_tokens}, or -1
 */
record ServerRequest(
    String traceId,
    String parentSpanId,
    String requestId,
    long queueNanos,
    long prefillNanos,
    long decodeNanos,
    long timeToFirstTokenNanos,
    long e2eNanos,
    long promptTokens,
    long completionTokens) {}
