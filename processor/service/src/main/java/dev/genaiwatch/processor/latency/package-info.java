/**
 * The latency split: a client GenAI call span joined with its model server's {@code llm_request}
 * span (vLLM started with {@code --otlp-traces-endpoint}) tells where the time went: network and
 * client overhead, queue, prefill, decode.
 *
 * <p>{@link dev.genaiwatch.processor.latency.LatencyMonitor} reads every trace request, joins the
 * pairs within {@code latency.window.ms} and {@code latency.max.pending} ({@link
 * dev.genaiwatch.processor.latency.LatencySettings}), and publishes each {@link
 * dev.genaiwatch.processor.latency.LatencyBreakdown} as Prometheus histograms, in {@code GET
 * /api/latency}, as a {@code genai_watch.latency_breakdown} span, and to listeners.
 *
 * <p>For other parts (the cost per call): {@code
 * LatencyMonitor.addListener(LatencyBreakdownListener)} gets every joined pair on the pipeline
 * thread; {@code LatencyBreakdown.inferenceNanos()} is the server's prefill + decode time of that
 * call, {@code serviceName()}, {@code model()}, {@code server()}, {@code traceId()}/{@code
 * clientSpanId()} and {@code responseId()} say which call it was. The listener must return quickly
 * and not throw. See docs/latency-split.md.
 */
package dev.genaiwatch.processor.latency;
