package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.genaiwatch.simulator.LogprobSynthesizer.Candidate;
import dev.genaiwatch.simulator.LogprobSynthesizer.TokenLogprob;
import dev.genaiwatch.simulator.TextGenerator.Generation;
import dev.genaiwatch.simulator.VllmMetrics.ModelMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: the two differ only in
 * request parsing and JSON shapes, while generation, latency, streaming and fault handling are
 * shared.
 */
final class GenerationHandler {

  private static final byte[] MALFORMED_JSON = "{\"id\": broken".getBytes(StandardCharsets.UTF_8);

  private final SimState state;
  private final JudgeResponder judge;

  GenerationHandler(SimState state) {
    this.state = state;
    this.judge = new JudgeResponder(state);
  }

  void handle(Exchange ex, boolean chat) throws IOException, HttpProblem, InterruptedException {
    JsonNode body = Json.parse(ex.request.body());
    GenerationRequest req =
        chat ? GenerationRequest.parseChat(body) : GenerationRequest.parseCompletion(body);
    Fault fault = state.selectFault(ex.request);
    Call call = new Call(ex, req, fault, state.nextId(chat ? "chatcmpl-" : "cmpl-"), chat);
    if (chat) {
      call.turn = ToolCallResponder.turn(body, call.id);
    }

    if (fault instanceof Fault.SlowFirstByte) {
      call.slept += LatencyModel.sleepNanos(((Fault.SlowFirstByte) fault).millis() * 1_000_000L);
    }
    if (fault instanceof Fault.RateLimit || fault instanceof Fault.ServerError) {
      rejectWithFault(call);
      return;
    }
    String rubric = chat ? JudgeResponder.rubricOf(body) : null;
    if (rubric != null) {
      judge.handle(ex, body, rubric, call.id);
      return;
    }

    state.generate(
        req, call.timeline, call::prefill, mm -> stream(call, mm), mm -> respond(call, mm));
  }

  /** Per-request state: what was generated, and what of it actually reached the wire. */
  private final class Call extends GenerationCall {
    final boolean chat;
    final List<Choice> choices = new ArrayList<>();
    boolean logprobsSent;

    Call(Exchange ex, GenerationRequest req, Fault fault, String id, boolean chat) {
      super(state, ex, req, fault, id);
      this.chat = chat;
    }

    void prefill(ModelMetrics mm) {
      promptTokens = req.promptTokens();
      for (GenerationRequest.Prompt p : req.prompts()) {
        cachedTokens += state.prefixCache.lookupAndInsert(p.tokens());
      }
      mm.prefilled(promptTokens, cachedTokens);
      for (int pi = 0; pi < req.prompts().size(); pi++) {
        GenerationRequest.Prompt p = req.prompts().get(pi);
        for (int i = 0; i < req.n(); i++) {
          Generation g = ModelTurn.generation(state, req, p, i, turn, turn.call());
          choices.add(new Choice(pi * req.n() + i, g));
        }
      }
    }

    int longest() {
      int max = 0;
      for (Choice c : choices) {
        max = Math.max(max, c.gen.tokens());
      }
      return max;
    }

    void markAllSent() {
      for (Choice c : choices) {
        c.sentPieces = c.gen.tokens();
        c.finishSent = true;
      }
    }

    /**
     * Logs the response once. Called just before the last byte of the response is written, so a
     * client that has seen the end of the response is guaranteed to find it in the log.
     */
    void record(int status) {
      if (!recordNow()) {
        return;
      }
      int sentTokens = 0;
      List<String> texts = new ArrayList<>();
      for (Choice c : choices) {
        sentTokens += c.sentPieces;
        texts.add(String.join("", c.gen.pieces().subList(0, c.sentPieces)));
      }
      Choice first = choices.isEmpty() ? null : choices.get(0);
      state.served(
          new ServedResponse(
              id,
              req.endpoint(),
              req.model(),
              req.stream(),
              promptTokens,
              sentTokens,
              cachedTokens,
              first != null && first.finishSent ? first.gen.finishReason() : null,
              slept,
              fault,
              req.includeUsage(),
              logprobsSent,
              texts.isEmpty() ? "" : texts.get(0),
              chunkCount,
              texts,
              status,
              turn.call() == null ? List.of() : List.of(turn.call()),
              timeline.finish()),
          timeline);
    }
  }

  private static final class Choice {
    final int index;
    final Generation gen;
    int sentPieces;
    int sentChars;
    boolean finishSent;

    Choice(int index, Generation gen) {
      this.index = index;
      this.gen = gen;
    }
  }

  private void rejectWithFault(Call call) throws IOException {
    call.promptTokens = call.req.promptTokens();
    OpenAiErrors.reject(call.ex, call.fault, call.headers, call::record);
  }

  // ---------------------------------------------------------------- non-streaming

  private void respond(Call call, ModelMetrics mm) throws IOException, InterruptedException {
    int longest = call.longest();
    long ttft = state.latency.ttftNanos(call.promptTokens, call.cachedTokens);
    long decode = state.latency.decodeNanos() * Math.max(0, longest - 1);
    call.slept += LatencyModel.sleepNanos(ttft);
    call.timeline.firstToken();
    call.slept += LatencyModel.sleepNanos(decode);

    byte[] body = Json.bytes(call.chat ? chatResponse(call) : completionResponse(call));
    // The engine finished the whole generation whatever happens on the wire, as vLLM would count
    // it.
    int generated = 0;
    for (Choice c : call.choices) {
      generated += c.gen.tokens();
      mm.finished(c.gen.finishReason());
    }
    mm.generationTokens.add(generated);
    double elapsed = (System.nanoTime() - call.start) / 1e9;
    mm.ttft.observe(elapsed);
    mm.e2e.observe(elapsed);
    if (longest > 1) {
      mm.tpot.observe(decode / 1e9 / (longest - 1));
    }
    HttpResponseWriter w = call.ex.writer;
    if (call.fault instanceof Fault.CutStream) {
      call.record(200);
      w.sendTruncated(200, Exchange.JSON, call.headers, body, body.length / 2);
    } else if (call.fault instanceof Fault.MalformedChunk) {
      call.record(200);
      w.send(200, Exchange.JSON, call.headers, MALFORMED_JSON, call.ex.request.keepAlive());
    } else {
      call.markAllSent();
      call.logprobsSent = call.req.logprobs() && call.turn.call() == null;
      call.record(200);
      w.send(200, Exchange.JSON, call.headers, body, call.ex.request.keepAlive());
    }
  }

  private ObjectNode chatResponse(Call call) {
    return wholeResponse(
        call,
        "chat.completion",
        (o, c) -> {
          ObjectNode message = o.putObject("message");
          message.put("role", "assistant");
          ServedResponse.ToolCall toolCall = call.turn.call();
          if (toolCall == null) {
            message.put("content", c.gen.text());
          } else {
            message.putNull("content");
            message.putArray("tool_calls").add(toolCallJson(toolCall, c.gen.text()));
          }
          message.putNull("refusal");
          Json.putOrNull(
              o,
              "logprobs",
              call.req.logprobs() && toolCall == null ? chatLogprobs(call, c) : null);
        });
  }

  private static ObjectNode chatLogprobs(Call call, Choice c) {
    ObjectNode lp = Json.object();
    ArrayNode content = lp.putArray("content");
    List<String> pieces = c.gen.pieces();
    for (int t = 0; t < pieces.size(); t++) {
      content.add(
          chatLogprob(
              LogprobSynthesizer.forToken(c.gen.seed(), t, pieces.get(t), call.req.topLogprobs())));
    }
    lp.putNull("refusal");
    return lp;
  }

  private ObjectNode completionResponse(Call call) {
    return wholeResponse(
        call,
        "text_completion",
        (o, c) -> {
          o.put("text", c.gen.text());
          Json.putOrNull(
              o,
              "logprobs",
              call.req.logprobs()
                  ? legacyLogprobs(c, 0, c.gen.tokens(), 0, call.req.topLogprobs())
                  : null);
        });
  }

  /**
   * A whole (non-streamed) response: every choice, {@code content} writing what is between its
   * index and its finish reason, then usage and the system fingerprint.
   */
  private ObjectNode wholeResponse(
      Call call, String object, BiConsumer<ObjectNode, Choice> content) {
    ObjectNode root = head(call, object);
    ArrayNode choices = root.putArray("choices");
    for (Choice c : call.choices) {
      ObjectNode o = choices.addObject();
      o.put("index", c.index);
      content.accept(o, c);
      o.put("finish_reason", c.gen.finishReason());
    }
    root.set("usage", usage(call.promptTokens, totalTokens(call, false), call.cachedTokens));
    root.put("system_fingerprint", state.systemFingerprint);
    return root;
  }

  // ---------------------------------------------------------------- streaming

  private void stream(Call call, ModelMetrics mm) throws IOException, InterruptedException {
    HttpResponseWriter w = call.ex.writer;
    call.ex.beginEventStream(Exchange.EVENT_STREAM, call.headers);
    Emitter em = new Emitter(call, mm);
    try {
      emitAll(call, em);
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The client went away (or the server is closing): log what it did receive.
      em.finish(false);
      w.abort();
      throw e;
    }
  }

  /** Emits the whole stream, or stops early where a cut-stream fault says so. */
  private void emitAll(Call call, Emitter em) throws IOException, InterruptedException {
    call.slept +=
        LatencyModel.sleepNanos(state.latency.ttftNanos(call.promptTokens, call.cachedTokens));
    call.timeline.firstToken();
    if (call.chat) {
      for (Choice c : call.choices) {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        if (call.turn.call() == null) {
          delta.put("content", "");
        } else {
          // OpenAI opens a tool call with its id and name; the arguments follow as fragments.
          delta.putNull("content");
          ObjectNode head = delta.putArray("tool_calls").addObject().put("index", 0);
          head.setAll(toolCallJson(call.turn.call(), ""));
        }
        em.event(chatChunk(call, c.index, delta, null, null));
      }
    }
    int longest = call.longest();
    for (int t = 0; t < Math.max(1, longest); t++) {
      if (t > 0) {
        LatencyModel.sleepNanos(state.latency.decodeNanos());
      }
      for (Choice c : call.choices) {
        boolean empty = c.gen.tokens() == 0;
        if (t >= c.gen.tokens() && !(empty && t == 0)) {
          continue;
        }
        String piece = empty ? "" : c.gen.pieces().get(t);
        boolean last = empty || t == c.gen.tokens() - 1;
        String finish = last ? c.gen.finishReason() : null;
        JsonNode chunk;
        if (call.chat) {
          ObjectNode delta = Json.object();
          if (call.turn.call() == null) {
            delta.put("content", piece);
          } else {
            delta
                .putArray("tool_calls")
                .addObject()
                .put("index", 0)
                .putObject("function")
                .put("arguments", piece);
          }
          ObjectNode lp = null;
          if (call.req.logprobs() && !empty && call.turn.call() == null) {
            lp = Json.object();
            lp.putArray("content")
                .add(
                    chatLogprob(
                        LogprobSynthesizer.forToken(
                            c.gen.seed(), t, piece, call.req.topLogprobs())));
            lp.putNull("refusal");
          }
          chunk = chatChunk(call, c.index, delta, lp, finish);
        } else {
          ObjectNode lp =
              call.req.logprobs() && !empty
                  ? legacyLogprobs(c, t, t + 1, c.sentChars, call.req.topLogprobs())
                  : null;
          chunk = completionChunk(call, c.index, piece, lp, finish);
        }
        if (!em.content(chunk)) {
          return;
        }
        if (!empty) {
          c.sentPieces++;
          c.sentChars += piece.length();
          call.logprobsSent |= call.req.logprobs() && call.turn.call() == null;
        }
        c.finishSent = last;
      }
    }
    if (!em.beforeTail()) {
      return;
    }
    if (call.req.includeUsage()) {
      ObjectNode usageChunk = head(call, call.chat ? "chat.completion.chunk" : "text_completion");
      usageChunk.putArray("choices");
      usageChunk.set("usage", usage(call.promptTokens, totalTokens(call, true), call.cachedTokens));
      em.event(usageChunk);
    }
    em.done();
  }

  /**
   * Writes SSE events and applies the stream faults at their positions, so the emission loop only
   * has to say which events carry content.
   */
  private final class Emitter {
    private final Call call;
    private final ModelMetrics mm;
    private final Integer cutAfter;
    private final Integer malformedAt;
    private int contentSent;
    private boolean malformedDone;
    private boolean finished;

    Emitter(Call call, ModelMetrics mm) {
      this.call = call;
      this.mm = mm;
      this.cutAfter =
          call.fault instanceof Fault.CutStream
              ? ((Fault.CutStream) call.fault).afterChunks()
              : null;
      this.malformedAt =
          call.fault instanceof Fault.MalformedChunk
              ? ((Fault.MalformedChunk) call.fault).atChunk()
              : null;
    }

    void event(JsonNode json) throws IOException {
      raw(Json.bytes(json));
    }

    /**
     * Returns false (after cutting the connection) if the fault says this chunk must not be sent.
     */
    boolean content(JsonNode json) throws IOException {
      if (cutAfter != null && contentSent >= cutAfter) {
        cut();
        return false;
      }
      if (malformedAt != null && !malformedDone && contentSent + 1 == malformedAt) {
        malformed();
      }
      event(json);
      contentSent++;
      if (call.firstTokenAt == 0) {
        call.firstTokenAt = System.nanoTime();
      }
      return true;
    }

    /** Faults positioned past the last content chunk still happen, just before usage/[DONE]. */
    boolean beforeTail() throws IOException {
      if (cutAfter != null) {
        cut();
        return false;
      }
      if (malformedAt != null && !malformedDone) {
        malformed();
      }
      return true;
    }

    void done() throws IOException {
      finish(true);
      call.ex.writer.writeStreamPart("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      call.ex.writer.endStream();
    }

    private void cut() {
      finish(false);
      call.ex.writer.abort();
    }

    /** Updates metrics and the served log exactly once, before the client can see the end. */
    void finish(boolean completed) {
      if (finished) {
        return;
      }
      finished = true;
      long end = System.nanoTime();
      int sent = 0;
      for (Choice c : call.choices) {
        sent += c.sentPieces;
        mm.finished(completed ? c.gen.finishReason() : "abort");
      }
      mm.generationTokens.add(sent);
      if (call.firstTokenAt != 0) {
        mm.ttft.observe((call.firstTokenAt - call.start) / 1e9);
        int longest = call.longest();
        if (completed && longest > 1) {
          mm.tpot.observe((end - call.firstTokenAt) / 1e9 / (longest - 1));
        }
      }
      mm.e2e.observe((end - call.start) / 1e9);
      call.record(200);
    }

    private void malformed() throws IOException {
      malformedDone = true;
      raw(MALFORMED_JSON);
    }

    private void raw(byte[] json) throws IOException {
      byte[] event = new byte[json.length + 8];
      System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
      System.arraycopy(json, 0, event, 6, json.length);
      event[event.length - 2] = '\n';
      event[event.length - 1] = '\n';
      call.ex.writer.writeStreamPart(event);
      call.chunkCount++;
    }
  }

  private ObjectNode chatChunk(
      Call call, int index, ObjectNode delta, ObjectNode logprobs, String finish) {
    ObjectNode root = head(call, "chat.completion.chunk");
    root.put("system_fingerprint", state.systemFingerprint);
    return withChoice(call, root, index, "delta", delta, logprobs, finish);
  }

  private ObjectNode completionChunk(
      Call call, int index, String text, ObjectNode logprobs, String finish) {
    ObjectNode root = head(call, "text_completion");
    return withChoice(call, root, index, "text", TextNode.valueOf(text), logprobs, finish);
  }

  /**
   * A chunk's one choice, {@code content} (a chat delta or completion text) under {@code field},
   * and the null usage that tells a client asking for usage that it comes in the last chunk.
   */
  private static ObjectNode withChoice(
      Call call,
      ObjectNode root,
      int index,
      String field,
      JsonNode content,
      ObjectNode logprobs,
      String finish) {
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", index);
    choice.set(field, content);
    Json.putOrNull(choice, "logprobs", logprobs);
    choice.put("finish_reason", finish);
    if (call.req.includeUsage()) {
      root.putNull("usage");
    }
    return root;
  }

  // ---------------------------------------------------------------- shared JSON pieces

  /** {@code {id, type, function: {name, arguments}}} as in a chat completion message. */
  private static ObjectNode toolCallJson(ServedResponse.ToolCall toolCall, String arguments) {
    ObjectNode o = Json.object();
    o.put("id", toolCall.id());
    o.put("type", "function");
    ObjectNode function = o.putObject("function");
    function.put("name", toolCall.name());
    function.put("arguments", arguments);
    return o;
  }

  private ObjectNode head(Call call, String object) {
    ObjectNode root = Json.object();
    root.put("id", call.id);
    root.put("object", object);
    root.put("created", state.created);
    root.put("model", call.req.model());
    return root;
  }

  private static int totalTokens(Call call, boolean sentOnly) {
    int sum = 0;
    for (Choice c : call.choices) {
      sum += sentOnly ? c.sentPieces : c.gen.tokens();
    }
    return sum;
  }

  static ObjectNode usage(int prompt, int completion, int cached) {
    ObjectNode u = Json.object();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    u.putObject("prompt_tokens_details").put("cached_tokens", cached);
    return u;
  }

  private static ObjectNode chatLogprob(TokenLogprob lp) {
    ObjectNode o = Json.object();
    o.put("token", lp.token());
    o.put("logprob", lp.logprob());
    ArrayNode bytes = o.putArray("bytes");
    lp.bytes().forEach(bytes::add);
    ArrayNode top = o.putArray("top_logprobs");
    for (Candidate c : lp.top()) {
      ObjectNode t = top.addObject();
      t.put("token", c.token());
      t.put("logprob", c.logprob());
      ArrayNode b = t.putArray("bytes");
      c.bytes().forEach(b::add);
    }
    return o;
  }

  /** Legacy completions logprobs for tokens [from, to) of a choice. */
  private static ObjectNode legacyLogprobs(Choice c, int from, int to, int startOffset, int topN) {
    ObjectNode o = Json.object();
    ArrayNode offsets = o.putArray("text_offset");
    ArrayNode values = o.putArray("token_logprobs");
    ArrayNode tokens = o.putArray("tokens");
    ArrayNode tops = o.putArray("top_logprobs");
    int offset = startOffset;
    for (int t = from; t < to; t++) {
      String piece = c.gen.pieces().get(t);
      TokenLogprob lp = LogprobSynthesizer.forToken(c.gen.seed(), t, piece, topN);
      offsets.add(offset);
      values.add(lp.logprob());
      tokens.add(piece);
      ObjectNode top = tops.addObject();
      if (topN == 0) {
        top.put(piece, lp.logprob());
      }
      for (Candidate cand : lp.top()) {
        top.put(cand.token(), cand.logprob());
      }
      offset += piece.length();
    }
    return o;
  }
}
