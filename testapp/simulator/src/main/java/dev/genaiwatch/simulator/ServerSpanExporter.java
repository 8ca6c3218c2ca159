package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What vLLM does when started with {@code --otlp-traces-endpoint}: one SERVER span {@code
 * llm_request} per finished generation request, child of the request's {@code traceparent}, with
 * the latency parts in seconds ({@code gen_ai.latency.*}, names as in vLLM's {@code
 * vllm/tracing.py}) and the usage it served, sent as OTLP/JSON to {@code <endpoint>/v1/traces}.
 *
 * <p>Never slows a response: handlers only offer the span to a bounded queue (a full queue drops
 * it, counted); one daemon thread sends batches with the JDK HttpClient. A failed send is dropped,
 * counted, never retried (the simulator is not a telemetry pipeline).
 */
final class ServerSpanExporter implements AutoCloseable {

  static final String SPAN_NAME = "llm_request";
  static final String SERVICE_NAME = "vllm";
  private static final int QUEUE_CAPACITY = 4096;
  private static final int MAX_BATCH = 128;
  private static final long FLUSH_INTERVAL_MILLIS = 50;
  private static final int SPAN_KIND_SERVER = 2;

  /** One span to send: the request's ground truth plus its trace context. */
  record ServerSpan(ServedResponse served, TraceParent parent) {}

  private final URI tracesUri;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final BlockingQueue<ServerSpan> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Thread sender;
  private volatile boolean closed;

  ServerSpanExporter(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.tracesUri = URI.create(base.endsWith("/v1/traces") ? base : base + "/v1/traces");
    this.sender = new Thread(this::sendLoop, "sim-llm-otlp-traces");
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues the span of one finished request; never blocks. */
  void export(ServerSpan span) {
    if (closed || !queue.offer(span)) {
      dropped.incrementAndGet();
    }
  }

  long droppedSpans() {
    return dropped.get();
  }

  long sentSpans() {
    return sent.get();
  }

  private void sendLoop() {
    List<ServerSpan> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        ServerSpan first = queue.poll(FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        send(batch);
      } catch (InterruptedException e) {
        if (!closed) {
          Thread.currentThread().interrupt();
          return;
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void send(List<ServerSpan> batch) throws InterruptedException {
    byte[] body = Json.bytes(request(batch));
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(tracesUri)
                  .timeout(Duration.ofSeconds(5))
                  .header("content-type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        sent.addAndGet(batch.size());
      } else {
        dropped.addAndGet(batch.size());
      }
    } catch (IOException | RuntimeException e) {
      dropped.addAndGet(batch.size());
    }
  }

  /** An {@code ExportTraceServiceRequest} in the OTLP/JSON encoding. */
  static ObjectNode request(List<ServerSpan> spans) {
    ObjectNode root = Json.object();
    ObjectNode resourceSpans = root.putArray("resourceSpans").addObject();
    attribute(resourceSpans.putObject("resource").putArray("attributes"), "service.name")
        .put("stringValue", SERVICE_NAME);
    ObjectNode scopeSpans = resourceSpans.putArray("scopeSpans").addObject();
    scopeSpans.putObject("scope").put("name", "vllm.llm_engine");
    ArrayNode out = scopeSpans.putArray("spans");
    for (ServerSpan s : spans) {
      out.add(span(s));
    }
    return root;
  }

  private static ObjectNode span(ServerSpan s) {
    ServedResponse r = s.served();
    ServerTiming t = r.timing();
    ObjectNode span = Json.object();
    span.put("traceId", s.parent() == null ? randomHex(32) : s.parent().traceId());
    span.put("spanId", randomHex(16));
    if (s.parent() != null) {
      span.put("parentSpanId", s.parent().spanId());
    }
    span.put("name", SPAN_NAME);
    span.put("kind", SPAN_KIND_SERVER);
    span.put("startTimeUnixNano", Long.toString(t.startEpochNanos()));
    span.put("endTimeUnixNano", Long.toString(t.startEpochNanos() + t.e2eNanos()));
    ArrayNode a = span.putArray("attributes");
    attribute(a, "gen_ai.response.model").put("stringValue", r.model());
    attribute(a, "gen_ai.request.id").put("stringValue", r.id());
    attribute(a, "gen_ai.usage.prompt_tokens").put("intValue", Integer.toString(r.promptTokens()));
    attribute(a, "gen_ai.usage.completion_tokens")
        .put("intValue", Integer.toString(r.completionTokens()));
    seconds(a, "gen_ai.latency.time_in_queue", t.queueNanos());
    seconds(a, "gen_ai.latency.time_to_first_token", t.timeToFirstTokenNanos());
    seconds(a, "gen_ai.latency.e2e", t.e2eNanos());
    seconds(a, "gen_ai.latency.time_in_model_prefill", t.prefillNanos());
    seconds(a, "gen_ai.latency.time_in_model_decode", t.decodeNanos());
    seconds(a, "gen_ai.latency.time_in_model_inference", t.inferenceNanos());
    return span;
  }

  private static void seconds(ArrayNode attributes, String key, long nanos) {
    attribute(attributes, key).put("doubleValue", nanos / 1e9);
  }

  private static ObjectNode attribute(ArrayNode attributes, String key) {
    ObjectNode kv = attributes.addObject();
    kv.put("key", key);
    return kv.putObject("value");
  }

  private static String randomHex(int chars) {
    StringBuilder sb = new StringBuilder(chars);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (sb.length() < chars) {
      sb.append(String.format("%016x", random.nextLong() | 1L));
    }
    return sb.substring(0, chars);
  }

  /** Stops taking spans and sends what is queued (bounded by the send timeouts). */
  @Override
  public void close() {
    closed = true;
    try {
      sender.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
