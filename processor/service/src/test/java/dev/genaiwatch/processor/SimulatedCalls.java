package dev.genaiwatch.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Real streamed chat calls to the simulator, timed and read the way a client sees them, and the
 * span the agent would report for each (span contract: usage, cached tokens, TTFT).
 */
final class SimulatedCalls {
  static final String MODEL = "qwen2.5-7b-instruct";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SimulatedCalls() {}

  /** A streamed call as its client saw it: wall-clock times and the usage the server reported. */
  record Call(
      long startNanos,
      long firstChunkNanos,
      long endNanos,
      long inputTokens,
      long cachedTokens,
      long outputTokens) {

    Span span() {
      return GenAiCalls.chat(MODEL, inputTokens, outputTokens, "order").toBuilder()
          .setStartTimeUnixNano(startNanos)
          .setEndTimeUnixNano(endNanos)
          .addAttributes(GenAiCalls.integer("gen_ai.usage.cache_read.input_tokens", cachedTokens))
          .addAttributes(
              KeyValue.newBuilder()
                  .setKey("gen_ai.response.time_to_first_chunk")
                  .setValue(
                      AnyValue.newBuilder().setDoubleValue((firstChunkNanos - startNanos) / 1e9)))
          .build();
    }
  }

  static Call streamed(SimulatedLlmServer sim, String systemPrompt, String question) {
    ObjectNode body = JSON.createObjectNode().put("model", MODEL).put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    body.putArray("messages")
        .add(JSON.createObjectNode().put("role", "system").put("content", systemPrompt))
        .add(JSON.createObjectNode().put("role", "user").put("content", question));
    long wallStart = System.currentTimeMillis() * 1_000_000L;
    long start = System.nanoTime();
    long firstChunk = -1;
    JsonNode usage = JSON.createObjectNode();
    try {
      HttpResponse<Stream<String>> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      Iterator<String> lines = response.body().iterator();
      while (lines.hasNext()) {
        String line = lines.next();
        if (!line.startsWith("data: {")) {
          continue;
        }
        JsonNode chunk = JSON.readTree(line.substring("data: ".length()));
        if (firstChunk < 0 && chunk.path("choices").path(0).path("delta").has("content")) {
          firstChunk = System.nanoTime();
        }
        if (chunk.path("usage").isObject()) {
          usage = chunk.path("usage");
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("streamed call failed", e);
    }
    long end = System.nanoTime();
    return new Call(
        wallStart,
        wallStart + (firstChunk - start),
        wallStart + (end - start),
        usage.path("prompt_tokens").asLong(),
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
        usage.path("completion_tokens").asLong());
  }
}
