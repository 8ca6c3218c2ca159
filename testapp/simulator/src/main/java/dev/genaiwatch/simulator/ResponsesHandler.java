package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaiwatch.simulator.TextGenerator.Generation;
import dev.genaiwatch.simulator.VllmMetrics.ModelMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /v1/responses}, the OpenAI Responses API as vLLM and OpenAI serve it: a {@code
 * response} object (JSON), or the typed SSE events ({@code response.created}, {@code
 * response.in_progress}, {@code response.output_item.added}, {@code response.output_text.delta} /
 * {@code response.function_call_arguments.delta}, the {@code .done} events, {@code
 * response.completed} or {@code response.incomplete}). The request is read into the equivalent chat
 * request ({@code instructions} → a system message, {@code input} items → messages, flat function
 * tools → chat tools), so generation, the prefix cache, the latency model, the tool loop and the
 * served log are the chat endpoint's. Usage has the Responses shape: {@code
 * input_tokens_details.cached_tokens} (the prefix-cache hit) and {@code
 * output_tokens_details.reasoning_tokens} (the simulated model reports a quarter of its output
 * tokens as reasoning, {@link ServedResponse#reasoningTokens()}, so that a client's reading of the
 * field is testable). Faults: 429, 500, slow-first-byte, and cut-stream (after that many text or
 * argument deltas).
 */
record ResponsesHandler(SimState state) {

  void handle(Exchange ex) throws IOException, HttpProblem, InterruptedException {
    JsonNode body = Json.parseObject(ex.request.body(), "request body must be a JSON object");
    ObjectNode chatBody = chatEquivalent(body);
    GenerationRequest chat = GenerationRequest.parseChat(chatBody);
    GenerationRequest req =
        new GenerationRequest(
            ServedResponse.RESPONSES,
            chat.model(),
            chat.prompts(),
            1,
            chat.maxTokens(),
            chat.stops(),
            chat.seed(),
            chat.stream(),
            chat.stream(),
            false,
            0);
    Fault fault = state.selectFault(ex.request);
    String hex = state.nextId("");
    Call call = new Call(ex, body, req, fault, "resp_" + hex, hex);
    call.turn = ToolCallResponder.turn(chatBody, "resp-" + hex);
    if (fault instanceof Fault.SlowFirstByte slow) {
      call.slept += LatencyModel.sleepNanos(slow.millis() * 1_000_000L);
    }
    if (fault instanceof Fault.RateLimit || fault instanceof Fault.ServerError) {
      call.promptTokens = req.promptTokens();
      OpenAiErrors.reject(ex, fault, call.headers, status -> call.record(status, 0, false, 0));
      return;
    }
    state.generate(
        req, call.timeline, call::prefill, mm -> stream(call, mm), mm -> respond(call, mm));
  }

  /** The chat-completions request that asks the engine for the same thing. */
  static ObjectNode chatEquivalent(JsonNode body) throws HttpProblem {
    ObjectNode chat = Json.object();
    chat.set("model", body.get("model"));
    ArrayNode messages = chat.putArray("messages");
    JsonNode instructions = body.get("instructions");
    if (instructions != null && instructions.isTextual()) {
      messages.addObject().put("role", "system").put("content", instructions.asText());
    }
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw HttpProblem.badRequest("'input' is required", "input");
    }
    if (input.isTextual()) {
      messages.addObject().put("role", "user").put("content", input.asText());
    } else if (input.isArray()) {
      for (JsonNode item : input) {
        String type = item.path("type").asText("message");
        switch (type) {
          case "message" ->
              messages
                  .addObject()
                  .put("role", item.path("role").asText("user"))
                  .put("content", text(item.get("content")));
          case "function_call" -> {
            ObjectNode m = messages.addObject().put("role", "assistant");
            m.putNull("content");
            ObjectNode tc = m.putArray("tool_calls").addObject();
            tc.put("id", item.path("call_id").asText());
            tc.put("type", "function");
            tc.putObject("function")
                .put("name", item.path("name").asText())
                .put("arguments", item.path("arguments").asText());
          }
          case "function_call_output" ->
              messages
                  .addObject()
                  .put("role", "tool")
                  .put("tool_call_id", item.path("call_id").asText())
                  .put("content", text(item.get("output")));
          default -> {
            // Reasoning items and the like carry nothing the simulated engine reads.
          }
        }
      }
    } else {
      throw HttpProblem.badRequest("'input' must be a string or an array of items", "input");
    }
    if (body.path("tools").isArray()) {
      ArrayNode tools = chat.putArray("tools");
      for (JsonNode tool : body.get("tools")) {
        if ("function".equals(tool.path("type").asText())) {
          ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
          fn.set("name", tool.get("name"));
          if (tool.has("description")) {
            fn.set("description", tool.get("description"));
          }
          fn.set("parameters", tool.path("parameters"));
        }
      }
    }
    if (body.path("tool_choice").isTextual()) {
      chat.set("tool_choice", body.get("tool_choice"));
    }
    for (String field : List.of("temperature", "top_p", "stream")) {
      if (body.has(field) && !body.get(field).isNull()) {
        chat.set(field, body.get(field));
      }
    }
    if (body.has("max_output_tokens") && !body.get("max_output_tokens").isNull()) {
      chat.set("max_tokens", body.get("max_output_tokens"));
    }
    return chat;
  }

  private static String text(JsonNode content) {
    return ContentText.of(content, ContentText.HAS_TEXT);
  }

  /** One request: what was generated and what of it reached the wire. */
  private final class Call extends GenerationCall {
    final JsonNode body;
    final String hex;
    Generation gen;
    int sequence;

    void prefill(ModelMetrics mm) {
      ModelTurn modelTurn = ModelTurn.generate(state, req, mm, turn, turn.call());
      promptTokens = req.promptTokens();
      cachedTokens = modelTurn.cached();
      gen = modelTurn.generation();
    }

    Call(Exchange ex, JsonNode body, GenerationRequest req, Fault fault, String id, String hex) {
      super(state, ex, req, fault, id);
      this.body = body;
      this.hex = hex;
    }

    /** Logs the response once, just before its last byte is written. */
    void record(int status, int sentPieces, boolean finished, int chunks) {
      if (!recordNow()) {
        return;
      }
      String text = gen == null ? "" : String.join("", gen.pieces().subList(0, sentPieces));
      // include_usage is true: the Responses API always sends usage.
      ServedResponse.SingleChoice logged =
          new ServedResponse.SingleChoice(id, req.endpoint(), req.model(), req.stream(), true);
      state.served(
          logged.served(
              slept,
              fault,
              promptTokens,
              sentPieces,
              cachedTokens,
              finished ? gen.finishReason() : null,
              text,
              chunks,
              status,
              turn.call(),
              timeline.finish()),
          timeline);
    }
  }

  // ---------------------------------------------------------------- JSON

  private void respond(Call call, ModelMetrics mm) throws IOException, InterruptedException {
    int tokens = call.gen.tokens();
    long ttft = state.latency.ttftNanos(call.promptTokens, call.cachedTokens);
    long decode = state.latency.decodeNanos() * Math.max(0, tokens - 1);
    call.slept += LatencyModel.sleepNanos(ttft);
    call.timeline.firstToken();
    call.slept += LatencyModel.sleepNanos(decode);
    mm.generationTokens.add(tokens);
    mm.finished(call.gen.finishReason());
    double elapsed = (System.nanoTime() - call.start) / 1e9;
    mm.ttft.observe(elapsed);
    mm.e2e.observe(elapsed);
    if (tokens > 1) {
      mm.tpot.observe(decode / 1e9 / (tokens - 1));
    }
    byte[] body = Json.bytes(response(call, true, tokens, call.gen.text()));
    HttpResponseWriter w = call.ex.writer;
    call.record(200, tokens, true, 0);
    if (call.fault instanceof Fault.CutStream) {
      w.sendTruncated(200, Exchange.JSON, call.headers, body, body.length / 2);
    } else {
      w.send(200, Exchange.JSON, call.headers, body, call.ex.request.keepAlive());
    }
  }

  /**
   * The {@code response} object; {@code done} false gives the in-progress one of {@code
   * response.created}.
   */
  private ObjectNode response(Call call, boolean done, int outputTokens, String text) {
    ObjectNode r = Json.object();
    r.put("id", call.id);
    r.put("object", "response");
    r.put("created_at", state.created);
    boolean length = done && "length".equals(call.gen.finishReason());
    r.put("status", !done ? "in_progress" : length ? "incomplete" : "completed");
    r.put("background", false);
    r.putNull("error");
    if (length) {
      r.putObject("incomplete_details").put("reason", "max_output_tokens");
    } else {
      r.putNull("incomplete_details");
    }
    r.set(
        "instructions",
        call.body.path("instructions").isTextual() ? call.body.get("instructions") : null);
    if (call.req.maxTokens() == null) {
      r.putNull("max_output_tokens");
    } else {
      r.put("max_output_tokens", call.req.maxTokens());
    }
    r.putObject("metadata");
    r.put("model", call.req.model());
    ArrayNode output = r.putArray("output");
    if (done) {
      output.add(outputItem(call, true, text));
    }
    r.put("parallel_tool_calls", true);
    r.set(
        "previous_response_id",
        call.body.path("previous_response_id").isTextual()
            ? call.body.get("previous_response_id")
            : null);
    ObjectNode reasoning = r.putObject("reasoning");
    reasoning.set(
        "effort",
        call.body.path("reasoning").path("effort").isTextual()
            ? call.body.path("reasoning").get("effort")
            : null);
    reasoning.putNull("summary");
    r.put("service_tier", "auto");
    r.put("store", false);
    r.put(
        "temperature",
        call.body.path("temperature").isNumber() ? call.body.get("temperature").asDouble() : 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.set(
        "tool_choice",
        call.body.path("tool_choice").isTextual()
            ? call.body.get("tool_choice")
            : Json.MAPPER.getNodeFactory().textNode("auto"));
    r.set("tools", call.body.path("tools").isArray() ? call.body.get("tools") : Json.array());
    r.put("top_p", call.body.path("top_p").isNumber() ? call.body.get("top_p").asDouble() : 1.0);
    r.put("truncation", "disabled");
    if (done) {
      r.set(
          "usage",
          usage(
              call.promptTokens,
              outputTokens,
              call.cachedTokens,
              ServedResponse.reasoningTokensOf(outputTokens)));
    } else {
      r.putNull("usage");
    }
    r.putNull("user");
    return r;
  }

  private ObjectNode outputItem(Call call, boolean done, String text) {
    ObjectNode item = Json.object();
    ServedResponse.ToolCall toolCall = call.turn.call();
    if (toolCall != null) {
      item.put("type", "function_call");
      item.put("id", "fc_" + call.hex);
      item.put("call_id", toolCall.id());
      item.put("name", toolCall.name());
      item.put("arguments", done ? text : "");
      item.put("status", done ? "completed" : "in_progress");
      return item;
    }
    item.put("type", "message");
    item.put("id", "msg_" + call.hex);
    item.put("status", done ? "completed" : "in_progress");
    item.put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (done) {
      content.add(textPart(text));
    }
    return item;
  }

  private static ObjectNode textPart(String text) {
    ObjectNode part = Json.object();
    part.put("type", "output_text");
    part.put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  static ObjectNode usage(int input, int output, int cached, int reasoning) {
    ObjectNode u = Json.object();
    u.put("input_tokens", input);
    u.putObject("input_tokens_details").put("cached_tokens", cached);
    u.put("output_tokens", output);
    u.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
    u.put("total_tokens", input + output);
    return u;
  }

  // ---------------------------------------------------------------- SSE

  private void stream(Call call, ModelMetrics mm) throws IOException, InterruptedException {
    HttpResponseWriter w = call.ex.writer;
    call.ex.beginEventStream(Exchange.EVENT_STREAM, call.headers);
    int[] sent = {0};
    try {
      emitAll(call, mm, sent);
    } catch (IOException | InterruptedException | RuntimeException e) {
      finish(call, mm, sent[0], false);
      w.abort();
      throw e;
    }
  }

  private void emitAll(Call call, ModelMetrics mm, int[] sent)
      throws IOException, InterruptedException {
    boolean tool = call.turn.call() != null;
    String itemId = tool ? "fc_" + call.hex : "msg_" + call.hex;
    event(call, "response.created", Json.object().set("response", response(call, false, 0, "")));
    event(
        call, "response.in_progress", Json.object().set("response", response(call, false, 0, "")));
    call.slept +=
        LatencyModel.sleepNanos(state.latency.ttftNanos(call.promptTokens, call.cachedTokens));
    call.timeline.firstToken();
    ObjectNode added = Json.object().put("output_index", 0);
    added.set("item", outputItem(call, false, ""));
    event(call, "response.output_item.added", added);
    if (!tool) {
      ObjectNode part =
          Json.object().put("item_id", itemId).put("output_index", 0).put("content_index", 0);
      part.set("part", textPart(""));
      event(call, "response.content_part.added", part);
    }
    Integer cutAfter = call.fault instanceof Fault.CutStream cut ? cut.afterChunks() : null;
    List<String> pieces = call.gen.pieces();
    for (int t = 0; t < pieces.size(); t++) {
      if (cutAfter != null && sent[0] >= cutAfter) {
        finish(call, mm, sent[0], false);
        call.ex.writer.abort();
        return;
      }
      if (t > 0) {
        LatencyModel.sleepNanos(state.latency.decodeNanos());
      }
      ObjectNode delta = Json.object().put("item_id", itemId).put("output_index", 0);
      if (tool) {
        delta.put("delta", pieces.get(t));
        event(call, "response.function_call_arguments.delta", delta);
      } else {
        delta.put("content_index", 0).put("delta", pieces.get(t)).putArray("logprobs");
        event(call, "response.output_text.delta", delta);
      }
      sent[0]++;
      if (call.firstTokenAt == 0) {
        call.firstTokenAt = System.nanoTime();
      }
    }
    if (cutAfter != null) {
      finish(call, mm, sent[0], false);
      call.ex.writer.abort();
      return;
    }
    String text = call.gen.text();
    if (tool) {
      ObjectNode done =
          Json.object().put("item_id", itemId).put("output_index", 0).put("arguments", text);
      event(call, "response.function_call_arguments.done", done);
    } else {
      ObjectNode done =
          Json.object()
              .put("item_id", itemId)
              .put("output_index", 0)
              .put("content_index", 0)
              .put("text", text);
      done.putArray("logprobs");
      event(call, "response.output_text.done", done);
      ObjectNode partDone =
          Json.object().put("item_id", itemId).put("output_index", 0).put("content_index", 0);
      partDone.set("part", textPart(text));
      event(call, "response.content_part.done", partDone);
    }
    ObjectNode itemDone = Json.object().put("output_index", 0);
    itemDone.set("item", outputItem(call, true, text));
    event(call, "response.output_item.done", itemDone);
    ObjectNode last = response(call, true, pieces.size(), text);
    String lastType =
        "incomplete".equals(last.get("status").asText())
            ? "response.incomplete"
            : "response.completed";
    finish(call, mm, sent[0], true);
    event(call, lastType, Json.object().set("response", last));
    call.ex.writer.endStream();
  }

  private void event(Call call, String type, JsonNode payload) throws IOException {
    ObjectNode data = Json.object();
    data.put("type", type);
    data.put("sequence_number", call.sequence++);
    data.setAll((ObjectNode) payload);
    byte[] json = Json.bytes(data);
    byte[] head = ("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
    byte[] event = new byte[head.length + json.length + 2];
    System.arraycopy(head, 0, event, 0, head.length);
    System.arraycopy(json, 0, event, head.length, json.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    call.ex.writer.writeStreamPart(event);
    call.chunkCount++;
  }

  /** Metrics and the served log, once, before the client can see the end. */
  private void finish(Call call, ModelMetrics mm, int sent, boolean completed) {
    if (call.recorded) {
      return;
    }
    long end = System.nanoTime();
    mm.finished(completed ? call.gen.finishReason() : "abort");
    mm.generationTokens.add(sent);
    if (call.firstTokenAt != 0) {
      mm.ttft.observe((call.firstTokenAt - call.start) / 1e9);
      if (completed && sent > 1) {
        mm.tpot.observe((end - call.firstTokenAt) / 1e9 / (sent - 1));
      }
    }
    mm.e2e.observe((end - call.start) / 1e9);
    // The terminal event is written after this; it counts as one more event.
    call.record(200, sent, completed, call.chunkCount + (completed ? 1 : 0));
  }
}
