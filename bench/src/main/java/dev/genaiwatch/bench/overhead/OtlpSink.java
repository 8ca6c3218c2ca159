package dev.genaiwatch.bench.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP endpoint that accepts every export and keeps only counts, so both agents pay the
 * real cost of exporting (serialising, HTTP) while the sink itself stays cheap on a shared 2-core
 * machine. It counts spans carrying {@code gen_ai.operation.name} by looking for the attribute key
 * in the protobuf bytes (keys are plain UTF-8 there): proof that an agent actually produced GenAI
 * spans, without decoding.
 */
final class OtlpSink implements AutoCloseable {
  private static final byte[] GEN_AI_KEY = "gen_ai.operation.name".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong traceRequests = new AtomicLong();
  private final AtomicLong traceBytes = new AtomicLong();
  private final AtomicLong genAiSpans = new AtomicLong();
  private final AtomicLong otherRequests = new AtomicLong();

  private OtlpSink(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static OtlpSink start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "otlp-sink");
              t.setDaemon(true);
              return t;
            });
    OtlpSink sink = new OtlpSink(server, executor);
    server.createContext("/", sink::handle);
    server.setExecutor(executor);
    server.start();
    return sink;
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = read(exchange);
      if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
        traceRequests.incrementAndGet();
        traceBytes.addAndGet(body.length);
        genAiSpans.addAndGet(occurrences(body, GEN_AI_KEY));
      } else {
        otherRequests.incrementAndGet();
      }
      // An empty protobuf message is a valid Export*ServiceResponse: full success.
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static byte[] read(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static long occurrences(byte[] haystack, byte[] needle) {
    long n = 0;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }

  /** Counts since the last reset. */
  Counts takeCounts() {
    return new Counts(
        traceRequests.getAndSet(0),
        traceBytes.getAndSet(0),
        genAiSpans.getAndSet(0),
        otherRequests.getAndSet(0));
  }

  record Counts(long traceRequests, long traceBytes, long genAiSpans, long otherRequests) {}

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
