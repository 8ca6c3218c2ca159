package dev.genaiwatch.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses with an OpenAI-style error body. Thrown from parsing and from
 * handlers before any response byte was written.
 */
final class HttpProblem extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String param;
  private final boolean closeConnection;
  private final Map<String, String> headers = new LinkedHashMap<>();

  HttpProblem(int status, String message) {
    this(status, message, null, false);
  }

  HttpProblem(int status, String message, String param, boolean closeConnection) {
    super(message, null, false, false);
    this.status = status;
    this.type =
        status >= 500
            ? "server_error"
            : status == 404 ? "not_found_error" : "invalid_request_error";
    this.param = param;
    this.closeConnection = closeConnection;
  }

  static HttpProblem badRequest(String message, String param) {
    return new HttpProblem(400, message, param, false);
  }

  HttpProblem withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Map<String, String> headers() {
    return headers;
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String param() {
    return param;
  }

  /** True when the request body was not (fully) read, so the connection cannot be reused. */
  boolean closeConnection() {
    return closeConnection;
  }
}
