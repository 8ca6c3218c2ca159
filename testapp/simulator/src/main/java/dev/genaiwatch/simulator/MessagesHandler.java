package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaiwatch.simulator.TextGenerator.Generation;
import dev.genaiwatch.simulator.VllmMetrics.ModelMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/messages} in Anthropic's Messages API shapes, JSON and SSE ({@code
 * message_start}, {@code content_block_start}, {@code ping}, {@code content_block_delta}, {@code
 * content_block_stop}, {@code message_delta}, {@code message_stop}). The request is translated into
 * the chat request the rest of the simulator understands, so generation, the latency model, the
 * prefix cache, tool calls (a {@code tool_use} block for the first tool, then {@code Tool said:
 * ...} once a {@code tool_result} arrives) and the served log are the same as for chat completions.
 *
 * <p>Prompt caching: {@code cache_read_input_tokens} is the prefix-cache hit; a request that marks
 * any block with {@code cache_control} also writes the rest of its prompt, reported as {@code
 * cache_creation_input_tokens} (so creation = prompt tokens - cached tokens, else 0); {@code
 * input_tokens} is what is neither, as Anthropic counts it. The served log's {@code promptTokens}
 * is the whole prompt and {@code cachedTokens} the cache read. Faults: {@code 429} and {@code 500}
 * (as Anthropic error bodies) and {@code slow-first-byte}.
 */
record MessagesHandler(SimState state) {

  void handle(Exchange ex) throws IOException, HttpProblem, InterruptedException {
    JsonNode body = Json.parseObject(ex.request.body(), "the body must be a JSON object");
    if (!body.path("max_tokens").isIntegralNumber()) {
      throw HttpProblem.badRequest("max_tokens: Field required", "max_tokens");
    }
    ObjectNode chat = toChatRequest(body);
    GenerationRequest req = GenerationRequest.parseChat(chat);
    String id = state.nextId("msg_");
    RequestTimeline timeline = state.arrived(ex.request);
    Fault fault = state.selectFault(ex.request);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("request-id", id);
    long slept = 0;
    if (fault instanceof Fault.SlowFirstByte slow) {
      slept += LatencyModel.sleepNanos(slow.millis() * 1_000_000L);
    }
    if (fault instanceof Fault.RateLimit || fault instanceof Fault.ServerError) {
      boolean rateLimit = fault instanceof Fault.RateLimit;
      state.served(
          logged(id, req)
              .served(
                  slept,
                  fault,
                  req.promptTokens(),
                  0,
                  0,
                  null,
                  "",
                  0,
                  rateLimit ? 429 : 500,
                  null,
                  timeline.finish()),
          timeline);
      ObjectNode error = Json.object().put("type", "error");
      error
          .putObject("error")
          .put("type", rateLimit ? "rate_limit_error" : "api_error")
          .put(
              "message",
              rateLimit
                  ? "Number of requests has exceeded your rate limit"
                  : "Internal server error");
      ex.sendJson(rateLimit ? 429 : 500, error, headers);
      return;
    }
    ToolCallResponder.Turn turn = ToolCallResponder.turn(chat, id);
    ServedResponse.ToolCall toolCall = ModelTurn.toolCall(turn, id, "msg_", "toolu_");

    ModelMetrics mm = state.metrics.model(req.model());
    LatencyModel.Slot slot = state.admit(mm, timeline, req.promptTokens());
    mm.running.incrementAndGet();
    try (slot) {
      int promptTokens = req.promptTokens();
      ModelTurn modelTurn = ModelTurn.generate(state, req, mm, turn, toolCall);
      int cached = modelTurn.cached();
      int created = body.toString().contains("\"cache_control\"") ? promptTokens - cached : 0;
      Generation g = modelTurn.generation();
      Usage usage = new Usage(promptTokens - cached - created, cached, created);
      long ttft = state.latency.ttftNanos(promptTokens, cached);
      if (req.stream()) {
        stream(ex, id, req, g, toolCall, usage, headers, slept, ttft, promptTokens, mm, timeline);
      } else {
        slept += LatencyModel.sleepNanos(ttft);
        timeline.firstToken();
        slept += LatencyModel.sleepNanos(state.latency.decodeNanos() * Math.max(0, g.tokens() - 1));
        ObjectNode message = message(id, req.model(), usage, g.tokens());
        ArrayNode content = message.putArray("content");
        if (toolCall != null) {
          content.add(
              toolUse(toolCall)
                  .set("input", Json.parse(toolCall.arguments().getBytes(StandardCharsets.UTF_8))));
        } else {
          content.addObject().put("type", "text").put("text", g.text());
        }
        message.put("stop_reason", stopReason(g, toolCall));
        mm.generationTokens.add(g.tokens());
        mm.finished(g.finishReason());
        state.served(
            logged(id, req)
                .served(
                    slept,
                    fault,
                    promptTokens,
                    g.tokens(),
                    cached,
                    stopReason(g, toolCall),
                    g.text(),
                    0,
                    200,
                    toolCall,
                    timeline.finish()),
            timeline);
        ex.sendJson(200, message, headers);
      }
    } finally {
      mm.running.decrementAndGet();
    }
  }

  private record Usage(int input, int cacheRead, int cacheCreation) {}

  private void stream(
      Exchange ex,
      String id,
      GenerationRequest req,
      Generation g,
      ServedResponse.ToolCall toolCall,
      Usage usage,
      Map<String, String> headers,
      long slept,
      long ttft,
      int promptTokens,
      ModelMetrics mm,
      RequestTimeline timeline)
      throws IOException, InterruptedException {
    HttpResponseWriter w = ex.writer;
    ex.beginEventStream(Exchange.EVENT_STREAM, headers);
    int events = 0;
    int sent = 0;
    boolean completed = false;
    try {
      slept += LatencyModel.sleepNanos(ttft);
      timeline.firstToken();
      ObjectNode start = Json.object().put("type", "message_start");
      ObjectNode message = message(id, req.model(), usage, 1);
      message.putArray("content");
      message.putNull("stop_reason");
      start.set("message", message);
      events += event(w, "message_start", start);
      ObjectNode blockStart = Json.object().put("type", "content_block_start").put("index", 0);
      blockStart.set(
          "content_block",
          toolCall != null
              ? toolUse(toolCall).set("input", Json.object())
              : Json.object().put("type", "text").put("text", ""));
      events += event(w, "content_block_start", blockStart);
      events += event(w, "ping", Json.object().put("type", "ping"));
      for (int t = 0; t < g.tokens(); t++) {
        if (t > 0) {
          LatencyModel.sleepNanos(state.latency.decodeNanos());
        }
        ObjectNode delta = Json.object().put("type", "content_block_delta").put("index", 0);
        String piece = g.pieces().get(t);
        delta.set(
            "delta",
            toolCall != null
                ? Json.object().put("type", "input_json_delta").put("partial_json", piece)
                : Json.object().put("type", "text_delta").put("text", piece));
        events += event(w, "content_block_delta", delta);
        sent++;
      }
      events +=
          event(
              w,
              "content_block_stop",
              Json.object().put("type", "content_block_stop").put("index", 0));
      ObjectNode messageDelta = Json.object().put("type", "message_delta");
      messageDelta
          .putObject("delta")
          .put("stop_reason", stopReason(g, toolCall))
          .putNull("stop_sequence");
      messageDelta.putObject("usage").put("output_tokens", sent);
      events += event(w, "message_delta", messageDelta);
      completed = true;
    } finally {
      mm.generationTokens.add(sent);
      mm.finished(completed ? g.finishReason() : "abort");
      String text = String.join("", g.pieces().subList(0, sent));
      // Logged before the last event, so a client that saw the end finds it in the log.
      state.served(
          logged(id, req)
              .served(
                  slept,
                  null,
                  promptTokens,
                  sent,
                  usage.cacheRead(),
                  completed ? stopReason(g, toolCall) : null,
                  text,
                  events + (completed ? 1 : 0),
                  200,
                  toolCall,
                  timeline.finish()),
          timeline);
      if (!completed) {
        w.abort();
      }
    }
    event(w, "message_stop", Json.object().put("type", "message_stop"));
    w.endStream();
  }

  private static int event(HttpResponseWriter w, String name, JsonNode data) throws IOException {
    w.writeStreamPart(
        ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    return 1;
  }

  private static ObjectNode message(String id, String model, Usage usage, int outputTokens) {
    ObjectNode m =
        Json.object()
            .put("id", id)
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model);
    m.putNull("stop_sequence");
    ObjectNode u = m.putObject("usage");
    u.put("input_tokens", usage.input());
    u.put("cache_creation_input_tokens", usage.cacheCreation());
    u.put("cache_read_input_tokens", usage.cacheRead());
    u.put("output_tokens", outputTokens);
    return m;
  }

  private static ObjectNode toolUse(ServedResponse.ToolCall call) {
    return Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
  }

  /** The served log's view of a Messages request. */
  private static ServedResponse.SingleChoice logged(String id, GenerationRequest req) {
    return new ServedResponse.SingleChoice(
        id, ServedResponse.MESSAGES, req.model(), req.stream(), req.stream());
  }

  /** Anthropic's stop reasons for the generator's finish reasons. */
  static String stopReason(Generation g, ServedResponse.ToolCall toolCall) {
    if (toolCall != null) {
      return "tool_use";
    }
    return "length".equals(g.finishReason()) ? "max_tokens" : "end_turn";
  }

  /**
   * The chat-completions request with the same meaning: system blocks become a system message, text
   * blocks content, {@code tool_use} blocks tool calls, {@code tool_result} blocks tool messages,
   * tools functions.
   */
  static ObjectNode toChatRequest(JsonNode body) throws HttpProblem {
    ObjectNode chat = Json.object();
    chat.set("model", body.get("model"));
    chat.put("max_tokens", body.get("max_tokens").asInt());
    if (body.has("stop_sequences")) {
      chat.set("stop", body.get("stop_sequences"));
    }
    chat.put("stream", body.path("stream").asBoolean(false));
    ArrayNode messages = chat.putArray("messages");
    JsonNode system = body.get("system");
    if (system != null && !system.isNull()) {
      messages.addObject().put("role", "system").put("content", text(system));
    }
    JsonNode input = body.get("messages");
    if (input == null || !input.isArray() || input.isEmpty()) {
      throw HttpProblem.badRequest("messages: Field required", "messages");
    }
    for (JsonNode m : input) {
      String role = m.path("role").asText("user");
      JsonNode content = m.get("content");
      List<ObjectNode> toolResults = new ArrayList<>();
      ArrayNode toolCalls = Json.MAPPER.createArrayNode();
      if (content != null && content.isArray()) {
        for (JsonNode block : content) {
          String type = block.path("type").asText();
          if ("tool_use".equals(type)) {
            ObjectNode call =
                toolCalls.addObject().put("id", block.path("id").asText()).put("type", "function");
            call.putObject("function")
                .put("name", block.path("name").asText())
                .put("arguments", block.path("input").toString());
          } else if ("tool_result".equals(type)) {
            toolResults.add(
                Json.object()
                    .put("role", "tool")
                    .put("tool_call_id", block.path("tool_use_id").asText())
                    .put("content", text(block.get("content"))));
          }
        }
      }
      messages.addAll(toolResults);
      String text = text(content);
      if (toolResults.isEmpty() || !text.isEmpty()) {
        ObjectNode out = messages.addObject().put("role", role).put("content", text);
        if (!toolCalls.isEmpty()) {
          out.set("tool_calls", toolCalls);
        }
      }
    }
    JsonNode tools = body.get("tools");
    if (tools != null && tools.isArray()) {
      ArrayNode functions = chat.putArray("tools");
      for (JsonNode tool : tools) {
        ObjectNode function = functions.addObject().put("type", "function").putObject("function");
        function.put("name", tool.path("name").asText());
        function.set("parameters", tool.path("input_schema"));
      }
    }
    if ("none".equals(body.path("tool_choice").path("type").asText())) {
      chat.put("tool_choice", "none");
    }
    return chat;
  }

  /** A string, or the text blocks of a block array joined by newlines. */
  private static String text(JsonNode content) {
    return ContentText.of(content, block -> "text".equals(block.path("type").asText()));
  }
}
