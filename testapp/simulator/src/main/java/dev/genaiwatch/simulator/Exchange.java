package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A request and the means to answer it. */
final class Exchange {

  static final String JSON = "application/json";

  final HttpRequest request;
  final HttpResponseWriter writer;

  Exchange(HttpRequest request, HttpResponseWriter writer) {
    this.request = request;
    this.writer = writer;
  }

  void sendJson(int status, JsonNode body, Map<String, String> headers) throws IOException {
    writer.send(status, JSON, headers, Json.bytes(body), request.keepAlive());
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
