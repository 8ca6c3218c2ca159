package dev.genaiwatch.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** OTLP/HTTP for one signal: protobuf or JSON bodies, optionally gzipped. */
record OtlpHttpHandler(Signal signal, ExportGate gate, ReceivedTelemetry telemetry)
    implements HttpHandler {
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    // HttpServer contexts match by prefix; only the exact path is an OTLP endpoint.
    if (!exchange.getRequestURI().getPath().equals(signal.httpPath())) {
      unknownPath(telemetry).handle(exchange);
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      reject(exchange, 405, "OTLP export requires POST, got " + exchange.getRequestMethod());
      return;
    }
    String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
    Protocol protocol =
        switch (contentType) {
          case "application/x-protobuf", "application/protobuf" -> Protocol.HTTP_PROTOBUF;
          case "application/json" -> Protocol.HTTP_JSON;
          default -> null;
        };
    if (protocol == null) {
      reject(
          exchange,
          415,
          "unsupported Content-Type '"
              + contentType
              + "'; use application/x-protobuf or application/json");
      return;
    }
    String encoding = mediaType(exchange.getRequestHeaders().getFirst("Content-Encoding"));
    if (!encoding.isEmpty() && !encoding.equals("gzip") && !encoding.equals("identity")) {
      reject(exchange, 415, "unsupported Content-Encoding '" + encoding + "'; use gzip");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }

    OptionalInt injected = gate.arrive(signal, protocol);
    if (injected.isPresent()) {
      respond(
          exchange,
          injected.getAsInt(),
          "text/plain; charset=utf-8",
          ("failure injected by OtlpReceiver.failNextRequests").getBytes(StandardCharsets.UTF_8));
      return;
    }

    try {
      byte[] decoded = encoding.equals("gzip") ? gunzip(body) : body;
      accept(protocol, decoded);
    } catch (InvalidProtocolBufferException | ZipException e) {
      reject(
          exchange,
          400,
          "cannot decode " + protocol + " " + signal + " request: " + e.getMessage());
      return;
    }
    respond(exchange, 200, contentType, emptyResponse(protocol));
  }

  private void accept(Protocol protocol, byte[] body) throws InvalidProtocolBufferException {
    boolean json = protocol == Protocol.HTTP_JSON;
    String text = json ? new String(body, StandardCharsets.UTF_8) : null;
    switch (signal) {
      case TRACES ->
          telemetry.add(
              json
                  ? OtlpJson.merge(text, ExportTraceServiceRequest.newBuilder()).build()
                  : ExportTraceServiceRequest.parseFrom(body));
      case METRICS ->
          telemetry.add(
              json
                  ? OtlpJson.merge(text, ExportMetricsServiceRequest.newBuilder()).build()
                  : ExportMetricsServiceRequest.parseFrom(body));
      case LOGS ->
          telemetry.add(
              json
                  ? OtlpJson.merge(text, ExportLogsServiceRequest.newBuilder()).build()
                  : ExportLogsServiceRequest.parseFrom(body));
    }
  }

  /** OTLP requires a (possibly empty) Export*ServiceResponse in the request's own encoding. */
  private byte[] emptyResponse(Protocol protocol) throws InvalidProtocolBufferException {
    Message response =
        switch (signal) {
          case TRACES -> ExportTraceServiceResponse.getDefaultInstance();
          case METRICS -> ExportMetricsServiceResponse.getDefaultInstance();
          case LOGS -> ExportLogsServiceResponse.getDefaultInstance();
        };
    return protocol == Protocol.HTTP_JSON
        ? JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8)
        : response.toByteArray();
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  /** Answers paths that are not OTLP endpoints, so a misconfigured exporter leaves a trace. */
  static HttpHandler unknownPath(ReceivedTelemetry telemetry) {
    return exchange -> {
      try {
        reject(
            telemetry,
            exchange,
            404,
            "no OTLP endpoint at "
                + exchange.getRequestURI().getPath()
                + "; expected /v1/traces, /v1/metrics or /v1/logs");
      } finally {
        exchange.close();
      }
    };
  }

  private void reject(HttpExchange exchange, int status, String message) throws IOException {
    reject(telemetry, exchange, status, message);
  }

  private static void reject(
      ReceivedTelemetry telemetry, HttpExchange exchange, int status, String message)
      throws IOException {
    telemetry.recordRejection(
        "HTTP "
            + status
            + " "
            + exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getPath()
            + ": "
            + message);
    respond(
        exchange, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // -1 announces "no body"; 0 would mean chunked encoding to HttpServer.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
