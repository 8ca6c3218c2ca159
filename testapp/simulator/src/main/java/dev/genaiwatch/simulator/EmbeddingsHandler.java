package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaiwatch.simulator.VllmMetrics.ModelMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/embeddings}. Supports both encodings because openai-java asks for base64 unless
 * told otherwise, while most other clients (LangChain4j, Spring AI, curl) ask for floats.
 */
record EmbeddingsHandler(SimState state) {

  private static final int MAX_DIMENSIONS = 8192;

  void handle(Exchange ex) throws IOException, HttpProblem, InterruptedException {
    JsonNode body = Json.parseObject(ex.request.body(), "request body must be a JSON object");
    String model = GenerationRequest.requiredString(body, "model");
    List<List<String>> inputs = inputs(body.get("input"));
    String format =
        body.path("encoding_format").isNull() || body.path("encoding_format").isMissingNode()
            ? "float"
            : body.path("encoding_format").asText();
    if (!format.equals("float") && !format.equals("base64")) {
      throw HttpProblem.badRequest(
          "'encoding_format' must be 'float' or 'base64'", "encoding_format");
    }
    Integer dims = GenerationRequest.optionalInt(body, "dimensions", 1, MAX_DIMENSIONS);
    int dimension = dims == null ? state.config.embeddingDimension() : dims;

    Fault fault = state.selectFault(ex.request);
    String id = state.nextId("embd-");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-request-id", id);
    long start = System.nanoTime();
    long slept = 0;
    int promptTokens = 0;
    for (List<String> in : inputs) {
      promptTokens += in.size();
    }
    if (fault instanceof Fault.SlowFirstByte) {
      slept += LatencyModel.sleepNanos(((Fault.SlowFirstByte) fault).millis() * 1_000_000L);
    }
    if (fault instanceof Fault.RateLimit) {
      headers.put("retry-after", "1");
      record(id, model, promptTokens, slept, fault, 429);
      ex.sendJson(429, OpenAiErrors.rateLimit(), headers);
      return;
    }
    if (fault instanceof Fault.ServerError) {
      record(id, model, promptTokens, slept, fault, 500);
      ex.sendJson(500, OpenAiErrors.serverError(), headers);
      return;
    }

    ModelMetrics mm = state.metrics.model(model);
    mm.waiting.incrementAndGet();
    LatencyModel.Slot slot;
    try {
      slot = state.latency.admit();
    } finally {
      mm.waiting.decrementAndGet();
    }
    mm.running.incrementAndGet();
    try (slot) {
      // Pooling models only prefill: one forward pass, no decode steps, no prefix-cache reuse.
      slept += LatencyModel.sleepNanos(state.latency.ttftNanos(promptTokens, 0));
      ObjectNode root = Json.object();
      root.put("id", id);
      root.put("object", "list");
      root.put("created", state.created);
      root.put("model", model);
      ArrayNode data = root.putArray("data");
      for (int i = 0; i < inputs.size(); i++) {
        float[] v = EmbeddingSynthesizer.embed(state.config.seed(), inputs.get(i), dimension);
        ObjectNode item = data.addObject();
        item.put("index", i);
        item.put("object", "embedding");
        if (format.equals("base64")) {
          item.put("embedding", EmbeddingSynthesizer.base64(v));
        } else {
          ArrayNode arr = item.putArray("embedding");
          for (float f : v) {
            arr.add(f);
          }
        }
      }
      ObjectNode usage = root.putObject("usage");
      usage.put("prompt_tokens", promptTokens);
      usage.put("total_tokens", promptTokens);
      byte[] bytes = Json.bytes(root);
      // Metrics and log first: a client that has read the response must find them updated.
      mm.promptTokens.add(promptTokens);
      mm.finished("stop");
      double elapsed = (System.nanoTime() - start) / 1e9;
      mm.ttft.observe(elapsed);
      mm.e2e.observe(elapsed);
      record(id, model, promptTokens, slept, fault, 200);
      if (fault instanceof Fault.CutStream) {
        ex.writer.sendTruncated(200, Exchange.JSON, headers, bytes, bytes.length / 2);
      } else if (fault instanceof Fault.MalformedChunk) {
        ex.writer.send(
            200,
            Exchange.JSON,
            headers,
            "{\"id\": broken".getBytes(StandardCharsets.UTF_8),
            ex.request.keepAlive());
      } else {
        ex.writer.send(200, Exchange.JSON, headers, bytes, ex.request.keepAlive());
      }
    } finally {
      mm.running.decrementAndGet();
    }
  }

  private void record(
      String id, String model, int promptTokens, long slept, Fault fault, int status) {
    state.served.add(served(id, model, promptTokens, slept, fault, status));
  }

  /** What the log holds for an embeddings request (also the Gemini API's). */
  static ServedResponse served(
      String id, String model, int promptTokens, long slept, Fault fault, int status) {
    return new ServedResponse(
        id,
        ServedResponse.EMBEDDINGS,
        model,
        false,
        promptTokens,
        0,
        0,
        null,
        slept,
        fault,
        false,
        false,
        "",
        0,
        List.of(),
        status,
        List.of(),
        null);
  }

  /** Each input as the tokens it embeds: text is tokenised, token-id arrays are taken as given. */
  private static List<List<String>> inputs(JsonNode input) throws HttpProblem {
    List<List<String>> out = new ArrayList<>();
    if (input != null && input.isTextual()) {
      out.add(Tokenizer.tokenize(input.asText()));
    } else if (input != null && input.isArray() && !input.isEmpty()) {
      if (input.get(0).isIntegralNumber()) {
        out.add(tokenIds(input));
      } else {
        for (JsonNode e : input) {
          if (e.isTextual()) {
            out.add(Tokenizer.tokenize(e.asText()));
          } else if (e.isArray() && !e.isEmpty() && e.get(0).isIntegralNumber()) {
            out.add(tokenIds(e));
          } else {
            throw badInput();
          }
        }
      }
    } else {
      throw badInput();
    }
    return out;
  }

  private static List<String> tokenIds(JsonNode arr) throws HttpProblem {
    List<String> ids = new ArrayList<>();
    for (JsonNode t : arr) {
      if (!t.isIntegralNumber()) {
        throw badInput();
      }
      ids.add("#" + t.asLong());
    }
    return ids;
  }

  private static HttpProblem badInput() {
    return HttpProblem.badRequest(
        "'input' must be a string, an array of strings, an array of token ids, or an array of token-id arrays",
        "input");
  }
}
