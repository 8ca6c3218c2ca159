package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.function.IntConsumer;

/** Error bodies in OpenAI's shape, which every OpenAI client library knows how to surface. */
final class OpenAiErrors {

  private OpenAiErrors() {}

  static ObjectNode body(String message, String type, String param, String code) {
    ObjectNode error = Json.object();
    error.put("message", message);
    error.put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    ObjectNode root = Json.object();
    root.set("error", error);
    return root;
  }

  /**
   * Answers a rate-limit (429, with {@code retry-after}) or server-error (500) fault; {@code
   * record} logs the response with its status first, so a client that sees it finds it logged.
   */
  static void reject(Exchange ex, Fault fault, Map<String, String> headers, IntConsumer record)
      throws IOException {
    boolean rateLimit = fault instanceof Fault.RateLimit;
    if (rateLimit) {
      headers.put("retry-after", "1");
    }
    int status = rateLimit ? 429 : 500;
    record.accept(status);
    ex.sendJson(status, rateLimit ? rateLimit() : serverError(), headers);
  }

  static ObjectNode of(HttpProblem p) {
    return body(p.getMessage(), p.type(), p.param(), null);
  }

  static ObjectNode rateLimit() {
    return body(
        "Rate limit reached for requests (simulated). Please try again in 1s.",
        "rate_limit_error",
        null,
        "rate_limit_exceeded");
  }

  static ObjectNode serverError() {
    return body(
        "The server had an error while processing your request (simulated).",
        "server_error",
        null,
        "internal_server_error");
  }
}
