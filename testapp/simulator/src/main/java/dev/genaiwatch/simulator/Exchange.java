package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request and the means to answer it. */
final class Exchange {

  static final String JSON = "application/json";
  static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  final HttpRequest request;
  final HttpResponseWriter writer;

  Exchange(HttpRequest request, HttpResponseWriter writer) {
    this.request = request;
    this.writer = writer;
  }

  void sendJson(int status, JsonNode body, Map<String, String> headers) throws IOException {
    writer.send(status, JSON, headers, Json.bytes(body), request.keepAlive());
  }

  /** Starts a 200 SSE response: {@code headers} and then {@code cache-control: no-cache}. */
  void beginEventStream(String contentType, Map<String, String> headers) throws IOException {
    Map<String, String> withNoCache = new LinkedHashMap<>(headers);
    withNoCache.put("cache-control", "no-cache");
    writer.beginStream(200, contentType, withNoCache, request.keepAlive());
  }

  void sendText(int status, String contentType, String text) throws IOException {
    writer.send(
        status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8), request.keepAlive());
  }

  void sendProblem(HttpProblem p, Map<String, String> headers) throws IOException {
    writer.send(
        p.status(),
        JSON,
        headers,
        Json.bytes(OpenAiErrors.of(p)),
        request.keepAlive() && !p.closeConnection());
  }
}
