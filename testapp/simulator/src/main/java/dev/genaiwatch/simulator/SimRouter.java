package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps method + path to handlers and turns handler failures into HTTP responses. */
final class SimRouter {

  private static final String MODELS_PREFIX = "/v1/models/";

  private final SimState state;
  private final GenerationHandler generation;
  private final EmbeddingsHandler embeddings;
  private final MessagesHandler messages;
  private final ResponsesHandler responses;
  private final GeminiHandler gemini;

  SimRouter(SimState state) {
    this.state = state;
    this.generation = new GenerationHandler(state);
    this.embeddings = new EmbeddingsHandler(state);
    this.messages = new MessagesHandler(state);
    this.responses = new ResponsesHandler(state);
    this.gemini = new GeminiHandler(state);
  }

  /** Handles one exchange; an IOException means the connection is unusable. */
  void handle(Exchange ex) throws IOException {
    if (state.received.size() < state.config.servedLogCapacity()) {
      state.received.add(
          new ReceivedRequest(
              ex.request.method(), ex.request.path(), ex.request.headers().get("traceparent")));
    }
    try {
      dispatch(ex);
    } catch (HttpProblem p) {
      if (!ex.writer.started()) {
        ex.sendProblem(p, p.headers());
      } else {
        ex.writer.abort();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.writer.abort();
    } catch (RuntimeException e) {
      if (!ex.writer.started()) {
        ex.sendProblem(new HttpProblem(500, "simulator bug: " + e), Map.of());
      } else {
        ex.writer.abort();
      }
    }
  }

  private void dispatch(Exchange ex) throws IOException, HttpProblem, InterruptedException {
    String method = ex.request.method();
    String path = ex.request.path();
    switch (path) {
      case "/v1/chat/completions":
      case "/gateway/team-a/chat": // a gateway that rewrites paths (wire-level instrumentation
        // tests)
        requireMethod(method, "POST");
        generation.handle(ex, true);
        return;
      case "/v1/completions":
        requireMethod(method, "POST");
        generation.handle(ex, false);
        return;
      case "/v1/messages": // Anthropic's Messages API
        requireMethod(method, "POST");
        messages.handle(ex);
        return;
      case "/v1/responses":
        requireMethod(method, "POST");
        responses.handle(ex);
        return;
      case "/v1/embeddings":
        requireMethod(method, "POST");
        embeddings.handle(ex);
        return;
      case "/v1/models":
        requireMethod(method, "GET");
        ex.sendJson(200, models(), Map.of());
        return;
      case "/metrics":
        requireMethod(method, "GET");
        ex.sendText(200, "text/plain; version=0.0.4; charset=utf-8", state.metrics.render());
        return;
      case "/health":
        requireMethod(method, "GET");
        ex.sendText(200, "text/plain; charset=utf-8", "");
        return;
      case "/sim/served":
        requireMethod(method, "GET", "DELETE");
        if (method.equals("DELETE")) {
          state.served.clear();
          ex.sendJson(200, Json.object().put("cleared", true), Map.of());
        } else {
          ex.sendJson(200, ServedLog.toJson(state.served.snapshot()), Map.of());
        }
        return;
      case "/sim/prefix-cache":
        requireMethod(method, "POST");
        state.prefixCache.flushing(Json.parse(ex.request.body()).path("flushing").asBoolean());
        ex.sendJson(200, Json.object().put("ok", true), Map.of());
        return;
      case "/sim/faults":
        requireMethod(method, "POST", "GET", "DELETE");
        faults(ex, method);
        return;
      default:
        if (GeminiHandler.handles(path)) {
          gemini.handle(ex);
          return;
        }
        if (path.startsWith(MODELS_PREFIX)) {
          requireMethod(method, "GET");
          model(ex, path.substring(MODELS_PREFIX.length()));
          return;
        }
        throw new HttpProblem(404, "Not Found: " + path);
    }
  }

  private void faults(Exchange ex, String method) throws IOException, HttpProblem {
    if (method.equals("DELETE")) {
      state.faults.clear();
    } else if (method.equals("POST")) {
      JsonNode body = Json.parse(ex.request.body());
      if (!body.isArray()) {
        throw HttpProblem.badRequest(
            "expected a JSON array of fault names, e.g. [\"429\",\"cut-stream:3\"]", null);
      }
      List<Fault> parsed = new ArrayList<>();
      for (JsonNode n : body) {
        try {
          parsed.add(Fault.parse(n.asText()));
        } catch (IllegalArgumentException e) {
          throw HttpProblem.badRequest(e.getMessage(), null);
        }
      }
      state.faults.addAll(parsed);
    }
    ObjectNode out = Json.object();
    ArrayNode queued = out.putArray("queued");
    for (Fault f : state.faults) {
      queued.add(f.wireName());
    }
    ex.sendJson(200, out, Map.of());
  }

  private ObjectNode models() {
    ObjectNode root = Json.object();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (String m : state.config.models()) {
      data.add(modelCard(m));
    }
    return root;
  }

  private void model(Exchange ex, String id) throws IOException, HttpProblem {
    if (!state.config.models().contains(id)) {
      throw new HttpProblem(404, "The model `" + id + "` does not exist.", "model", false);
    }
    ex.sendJson(200, modelCard(id), Map.of());
  }

  private ObjectNode modelCard(String id) {
    ObjectNode card = Json.object();
    card.put("id", id);
    card.put("object", "model");
    card.put("created", state.created);
    card.put("owned_by", "vllm");
    card.put("root", id);
    card.putNull("parent");
    card.put("max_model_len", 32768);
    return card;
  }

  private static void requireMethod(String method, String... allowed) throws HttpProblem {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw new HttpProblem(
            405,
            "Method " + method + " not allowed; use " + String.join(", ", allowed),
            null,
            false)
        .withHeader("allow", String.join(", ", allowed));
  }
}
