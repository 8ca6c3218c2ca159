/**
 * A simulated, vLLM-like OpenAI-compatible server for end-to-end tests, the demo and benchmarks.
 *
 * <p>Why it exists: telemetry assertions need ground truth. {@link
 * dev.genaiwatch.simulator.SimulatedLlmServer#served()} records exactly what went over the wire
 * (ids, token counts, cached tokens, finish reasons, injected delays, faults), so tests can compare
 * spans and metrics against it instead of against hard-coded numbers.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions}, {@code POST /v1/completions}, {@code POST
 * /v1/embeddings}, {@code GET /v1/models[/{id}]}, {@code GET /metrics} (vLLM metric names), {@code
 * GET /health}, {@code GET|DELETE /sim/served}, {@code GET|POST|DELETE /sim/faults}.
 *
 * <p>Faults: a request's {@code X-Sim-Fault} header ({@code 429}, {@code 500}, {@code
 * slow-first-byte:MS}, {@code cut-stream:K}, {@code malformed-chunk:K}) wins; otherwise the next
 * fault queued with {@link dev.genaiwatch.simulator.SimulatedLlmServer#enqueueFaults} or {@code
 * POST /sim/faults} is used, one per generation request (chat, completions, embeddings).
 *
 * <p>Prompt markers: {@code [[echo]]} in the last user message makes the output that message minus
 * the marker; {@code [[tokens=N]]} makes the output exactly N tokens (before max_tokens/stop).
 *
 * <p>Judge: a chat request whose system message carries {@code [genai-watch-judge:RUBRIC]} is
 * answered as an LLM judge with a deterministic JSON verdict ({@link
 * dev.genaiwatch.simulator.JudgeResponder}).
 */
package dev.genaiwatch.simulator;
