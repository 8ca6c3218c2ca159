package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaiwatch.simulator.TextGenerator.Generation;
import dev.genaiwatch.simulator.VllmMetrics.ModelMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gemini Developer API's REST shape, as the Google Gen AI SDK uses it: {@code POST
 * /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse} (SSE, one {@code
 * GenerateContentResponse} per {@code data:} event, the usage so far on each and the finish reason
 * on the last), {@code :embedContent} and {@code :batchEmbedContents}. A request is translated into
 * the chat request the rest of the simulator understands (system instruction, contents with their
 * function calls and responses, function declarations), so generation, the latency model, the
 * prefix cache, tool calls and the served log are the same as for chat completions.
 *
 * <p>Usage: {@code promptTokenCount} is the whole prompt, {@code cachedContentTokenCount} the
 * prefix-cache hit (sent when not 0), {@code candidatesTokenCount} the answer; a request with
 * {@code generationConfig.thinkingConfig.thinkingBudget} other than 0 also "thinks" {@link
 * #thoughtTokens} tokens, sent as {@code thoughtsTokenCount}. The served log's {@code
 * completionTokens} is the answer without the thoughts. Finish reasons are Gemini's ({@code STOP},
 * {@code MAX_TOKENS}); a function call is a {@code functionCall} part with {@code STOP}. Faults:
 * {@code 429} and {@code 500} as Google's error JSON ({@code RESOURCE_EXHAUSTED}, {@code
 * INTERNAL}), {@code slow-first-byte}.
 */
public final class GeminiHandler {
  /** {@code /v1beta/models/{model}:{method}}, also under {@code v1} and {@code v1alpha}. */
  private static final Pattern PATH =
      Pattern.compile("/(?:v1|v1beta|v1alpha)/models/([^/:]+):([A-Za-z]+)");

  private final SimState state;

  GeminiHandler(SimState state) {
    this.state = state;
  }

  static boolean handles(String path) {
    return PATH.matcher(path).matches();
  }

  /**
   * The thinking tokens the simulator spends for a thinking budget: none for 0, else the budget up
   * to 16 ({@code -1}, dynamic thinking, spends 16).
   */
  public static int thoughtTokens(int thinkingBudget) {
    if (thinkingBudget == 0) {
      return 0;
    }
    return thinkingBudget < 0 ? 16 : Math.min(thinkingBudget, 16);
  }

  void handle(Exchange ex) throws IOException, InterruptedException {
    Matcher path = PATH.matcher(ex.request.path());
    if (!path.matches()) {
      throw new IllegalStateException("not a Gemini path: " + ex.request.path());
    }
    String model = path.group(1);
    String method = path.group(2);
    try {
      if (!"POST".equals(ex.request.method())) {
        throw new HttpProblem(405, "Method " + ex.request.method() + " not allowed; use POST");
      }
      JsonNode body = Json.parseObject(ex.request.body(), "the body must be a JSON object");
      switch (method) {
        case "generateContent" -> generate(ex, model, body, false);
        case "streamGenerateContent" -> generate(ex, model, body, true);
        case "embedContent" -> embed(ex, model, List.of(body));
        case "batchEmbedContents" -> embed(ex, model, list(body.path("requests")));
        default -> throw new HttpProblem(404, "Method not found: " + method);
      }
    } catch (HttpProblem p) {
      if (ex.writer.started()) {
        ex.writer.abort();
      } else {
        ex.sendJson(p.status(), error(p.status(), p.getMessage()), Map.of());
      }
    }
  }

  /** Google's error JSON. */
  static ObjectNode error(int code, String message) {
    String status =
        switch (code) {
          case 400 -> "INVALID_ARGUMENT";
          case 404 -> "NOT_FOUND";
          case 429 -> "RESOURCE_EXHAUSTED";
          case 500 -> "INTERNAL";
          default -> "UNKNOWN";
        };
    ObjectNode root = Json.object();
    root.putObject("error").put("code", code).put("message", message).put("status", status);
    return root;
  }

  private void generate(Exchange ex, String model, JsonNode body, boolean stream)
      throws IOException, HttpProblem, InterruptedException {
    ObjectNode chat = toChatRequest(model, body, stream);
    GenerationRequest req = GenerationRequest.parseChat(chat);
    String id = state.nextId("gem-");
    Fault fault = state.selectFault(ex.request);
    long slept = 0;
    if (fault instanceof Fault.SlowFirstByte slow) {
      slept += LatencyModel.sleepNanos(slow.millis() * 1_000_000L);
    }
    if (fault instanceof Fault.RateLimit || fault instanceof Fault.ServerError) {
      int status = fault instanceof Fault.RateLimit ? 429 : 500;
      state.served.add(
          logged(id, req)
              .served(slept, fault, req.promptTokens(), 0, 0, null, "", 0, status, null, null));
      ex.sendJson(
          status,
          error(status, status == 429 ? "Resource has been exhausted" : "Internal error"),
          Map.of());
      return;
    }
    ToolCallResponder.Turn turn = ToolCallResponder.turn(chat, id);
    ServedResponse.ToolCall toolCall = ModelTurn.toolCall(turn, id, "gem-", "call_");
    int thoughts =
        thoughtTokens(
            body.path("generationConfig").path("thinkingConfig").path("thinkingBudget").asInt(0));
    ModelMetrics mm = state.metrics.model(req.model());
    LatencyModel.Slot slot = state.latency.admit();
    mm.running.incrementAndGet();
    try (slot) {
      int promptTokens = req.promptTokens();
      ModelTurn modelTurn = ModelTurn.generate(state, req, mm, turn, toolCall);
      int cached = modelTurn.cached();
      Generation g = modelTurn.generation();
      Answer answer = new Answer(id, model, g, toolCall, promptTokens, cached, thoughts);
      long ttft = state.latency.ttftNanos(promptTokens, cached);
      String finish = finishReason(g);
      if (stream) {
        stream(ex, req, answer, slept + LatencyModel.sleepNanos(ttft), mm);
        return;
      }
      slept +=
          LatencyModel.sleepNanos(ttft + state.latency.decodeNanos() * Math.max(0, g.tokens() - 1));
      mm.generationTokens.add(g.tokens());
      mm.finished(g.finishReason());
      state.served.add(
          logged(id, req)
              .served(
                  slept,
                  null,
                  promptTokens,
                  g.tokens(),
                  cached,
                  finish,
                  g.text(),
                  0,
                  200,
                  toolCall,
                  null));
      ex.sendJson(
          200,
          answer.chunk(toolCall != null ? null : g.text(), g.tokens(), finish, true),
          Map.of());
    } finally {
      mm.running.decrementAndGet();
    }
  }

  /** One answer's fixed parts, from which each response or chunk is made. */
  private record Answer(
      String id,
      String model,
      Generation g,
      ServedResponse.ToolCall toolCall,
      int promptTokens,
      int cached,
      int thoughts) {

    /**
     * A {@code GenerateContentResponse}: {@code text} (or, on the last, the function call), the
     * usage after {@code sent} answer tokens, the finish reason on the last.
     */
    ObjectNode chunk(String text, int sent, String finish, boolean last) throws HttpProblem {
      ObjectNode root = Json.object();
      ObjectNode candidate = root.putArray("candidates").addObject();
      ObjectNode content = candidate.putObject("content").put("role", "model");
      ArrayNode parts = content.putArray("parts");
      if (text != null) {
        parts.addObject().put("text", text);
      }
      if (last && toolCall != null) {
        ObjectNode call = parts.addObject().putObject("functionCall");
        call.put("id", toolCall.id()).put("name", toolCall.name());
        call.set("args", Json.parse(toolCall.arguments().getBytes(StandardCharsets.UTF_8)));
      }
      if (finish != null) {
        candidate.put("finishReason", finish);
      }
      candidate.put("index", 0);
      ObjectNode usage = root.putObject("usageMetadata");
      usage.put("promptTokenCount", promptTokens);
      usage.put("candidatesTokenCount", sent);
      usage.put("totalTokenCount", promptTokens + sent + thoughts);
      if (cached > 0) {
        usage.put("cachedContentTokenCount", cached);
      }
      if (thoughts > 0) {
        usage.put("thoughtsTokenCount", thoughts);
      }
      root.put("modelVersion", model);
      root.put("responseId", id);
      return root;
    }
  }

  private void stream(
      Exchange ex, GenerationRequest req, Answer answer, long slept, ModelMetrics mm)
      throws IOException, InterruptedException, HttpProblem {
    HttpResponseWriter w = ex.writer;
    ex.beginEventStream("text/event-stream", Map.of());
    Generation g = answer.g();
    // A function call arrives whole in one chunk; text one piece per chunk.
    List<String> pieces = answer.toolCall() != null ? List.of() : g.pieces();
    int sent = 0;
    boolean completed = false;
    try {
      for (int t = 0; t < pieces.size(); t++) {
        if (t > 0) {
          LatencyModel.sleepNanos(state.latency.decodeNanos());
        }
        sent++;
        boolean last = sent == pieces.size();
        data(w, answer.chunk(pieces.get(t), sent, last ? finishReason(g) : null, last));
      }
      if (pieces.isEmpty()) {
        sent = g.tokens();
        data(w, answer.chunk(null, sent, finishReason(g), true));
      }
      completed = true;
    } finally {
      mm.generationTokens.add(sent);
      mm.finished(completed ? g.finishReason() : "abort");
      String text = answer.toolCall() != null ? g.text() : String.join("", pieces.subList(0, sent));
      state.served.add(
          logged(answer.id(), req)
              .served(
                  slept,
                  null,
                  answer.promptTokens(),
                  sent,
                  answer.cached(),
                  completed ? finishReason(g) : null,
                  text,
                  Math.max(1, pieces.size()),
                  200,
                  answer.toolCall(),
                  null));
      if (!completed) {
        w.abort();
      }
    }
    w.endStream();
  }

  private static void data(HttpResponseWriter w, JsonNode chunk) throws IOException {
    w.writeStreamPart(("data: " + chunk + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
  }

  static String finishReason(Generation g) {
    return "length".equals(g.finishReason()) ? "MAX_TOKENS" : "STOP";
  }

  private void embed(Exchange ex, String model, List<JsonNode> requests)
      throws IOException, HttpProblem, InterruptedException {
    if (requests.isEmpty()) {
      throw HttpProblem.badRequest("requests: at least one is required", "requests");
    }
    String id = state.nextId("gemb-");
    Fault fault = state.selectFault(ex.request);
    ArrayNode embeddings = Json.MAPPER.createArrayNode();
    int promptTokens = 0;
    for (JsonNode request : requests) {
      List<String> tokens = Tokenizer.tokenize(text(request.path("content")));
      promptTokens += tokens.size();
      int dimension = request.path("outputDimensionality").asInt(state.config.embeddingDimension());
      ArrayNode values = embeddings.addObject().putArray("values");
      for (float f : EmbeddingSynthesizer.embed(state.config.seed(), tokens, dimension)) {
        values.add(f);
      }
    }
    int status =
        fault instanceof Fault.RateLimit ? 429 : fault instanceof Fault.ServerError ? 500 : 200;
    try (LatencyModel.Slot slot = state.latency.admit()) {
      long slept = LatencyModel.sleepNanos(state.latency.ttftNanos(promptTokens, 0));
      state.served.add(EmbeddingsHandler.served(id, model, promptTokens, slept, fault, status));
    }
    if (status != 200) {
      ex.sendJson(status, error(status, "embedding failed"), Map.of());
    } else if (requests.size() == 1 && !ex.request.path().endsWith(":batchEmbedContents")) {
      ex.sendJson(200, Json.object().set("embedding", embeddings.get(0)), Map.of());
    } else {
      ex.sendJson(200, Json.object().set("embeddings", embeddings), Map.of());
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  /**
   * The served log's view of a Gemini request; it has no vLLM server timing (null), as vLLM does
   * not serve the Gemini API.
   */
  private static ServedResponse.SingleChoice logged(String id, GenerationRequest req) {
    return new ServedResponse.SingleChoice(
        id, ServedResponse.GEMINI, req.model(), req.stream(), req.stream());
  }

  /**
   * The chat-completions request with the same meaning: the system instruction becomes a system
   * message, text parts content, {@code functionCall} parts tool calls, {@code functionResponse}
   * parts tool messages, function declarations tools.
   */
  static ObjectNode toChatRequest(String model, JsonNode body, boolean stream) throws HttpProblem {
    ObjectNode chat = Json.object().put("model", model).put("stream", stream);
    JsonNode config = body.path("generationConfig");
    if (config.has("maxOutputTokens")) {
      chat.put("max_tokens", config.get("maxOutputTokens").asInt());
    }
    if (config.has("stopSequences")) {
      chat.set("stop", config.get("stopSequences"));
    }
    if (config.has("seed")) {
      chat.put("seed", config.get("seed").asLong());
    }
    ArrayNode messages = chat.putArray("messages");
    if (body.has("systemInstruction")) {
      messages
          .addObject()
          .put("role", "system")
          .put("content", text(body.get("systemInstruction")));
    }
    JsonNode contents = body.get("contents");
    if (contents == null || !contents.isArray() || contents.isEmpty()) {
      throw HttpProblem.badRequest("contents is not specified", "contents");
    }
    for (JsonNode content : contents) {
      ArrayNode toolCalls = Json.MAPPER.createArrayNode();
      for (JsonNode part : content.path("parts")) {
        JsonNode call = part.get("functionCall");
        JsonNode response = part.get("functionResponse");
        if (call != null) {
          ObjectNode c =
              toolCalls.addObject().put("id", call.path("id").asText(call.path("name").asText()));
          c.put("type", "function");
          c.putObject("function")
              .put("name", call.path("name").asText())
              .put("arguments", call.path("args").toString());
        } else if (response != null) {
          messages
              .addObject()
              .put("role", "tool")
              .put("tool_call_id", response.path("id").asText(response.path("name").asText()))
              .put("content", response.path("response").toString());
        }
      }
      String text = text(content);
      if (!text.isEmpty() || !toolCalls.isEmpty()) {
        String role = "model".equals(content.path("role").asText()) ? "assistant" : "user";
        ObjectNode out = messages.addObject().put("role", role).put("content", text);
        if (!toolCalls.isEmpty()) {
          out.set("tool_calls", toolCalls);
        }
      }
    }
    ArrayNode functions = Json.MAPPER.createArrayNode();
    for (JsonNode tool : body.path("tools")) {
      for (JsonNode declaration : tool.path("functionDeclarations")) {
        ObjectNode function = functions.addObject().put("type", "function").putObject("function");
        function.put("name", declaration.path("name").asText());
        function.set(
            "parameters",
            declaration.has("parametersJsonSchema")
                ? declaration.get("parametersJsonSchema")
                : declaration.path("parameters"));
      }
    }
    if (!functions.isEmpty()) {
      chat.set("tools", functions);
    }
    if ("NONE"
        .equals(body.path("toolConfig").path("functionCallingConfig").path("mode").asText())) {
      chat.put("tool_choice", "none");
    }
    return chat;
  }

  /** The text parts of a {@code Content}, joined by newlines. */
  private static String text(JsonNode content) {
    return ContentText.joined(content.path("parts"), ContentText.HAS_TEXT);
  }
}
