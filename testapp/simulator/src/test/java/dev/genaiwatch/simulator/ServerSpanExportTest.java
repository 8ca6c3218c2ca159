package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code otlpTracesEndpoint} the simulator sends vLLM's {@code llm_request} SERVER span per
 * generation to a real HTTP endpoint (a JDK HttpServer here), in OTLP/JSON, carrying exactly the
 * timing its served log records.
 */
class ServerSpanExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private HttpServer collector;
  private final ConcurrentLinkedQueue<JsonNode> spans = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> paths = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          for (JsonNode rs : body.path("resourceSpans")) {
            for (JsonNode ss : rs.path("scopeSpans")) {
              ss.path("spans").forEach(spans::add);
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  private SimConfig.Builder config() {
    return SimConfig.zeroLatency().toBuilder()
        .ttftBaseMillis(5)
        .decodeMillisPerToken(1)
        .otlpTracesEndpoint("http://127.0.0.1:" + collector.getAddress().getPort());
  }

  @Test
  void everyGeneratingEndpointSendsOneLlmRequestServerSpanChildOfTheTraceparent() throws Exception {
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config().build())) {
      int n = 0;
      for (boolean stream : new boolean[] {false, true}) {
        post(sim, "/v1/chat/completions", chatBody(stream), parent(++n));
        post(sim, "/v1/completions", completionBody(stream), parent(++n));
        post(sim, "/v1/responses", responsesBody(stream), parent(++n));
        post(sim, "/v1/messages", messagesBody(stream), parent(++n));
      }
      List<ServedResponse> served = sim.served();
      awaitSpans(served.size());

      assertThat(served).hasSize(8);
      assertThat(paths).allMatch("/v1/traces"::equals);
      Map<String, JsonNode> byRequestId = new HashMap<>();
      spans.forEach(s -> byRequestId.put(attr(s, "gen_ai.request.id").asText(), s));
      for (int i = 0; i < served.size(); i++) {
        ServedResponse r = served.get(i);
        JsonNode span = byRequestId.get(r.id());
        assertThat(span).as(r.endpoint() + " stream=" + r.stream()).isNotNull();
        assertThat(span.path("name").asText()).isEqualTo("llm_request");
        assertThat(span.path("kind").asInt()).isEqualTo(2);
        assertThat(span.path("traceId").asText()).isEqualTo(TRACE);
        assertThat(span.path("parentSpanId").asText()).isEqualTo(spanId(i + 1));
        assertThat(attr(span, "gen_ai.response.model").asText()).isEqualTo(r.model());
        assertThat(attr(span, "gen_ai.usage.prompt_tokens").asLong()).isEqualTo(r.promptTokens());
        assertThat(attr(span, "gen_ai.usage.completion_tokens").asLong())
            .isEqualTo(r.completionTokens());
      }
    }
  }

  @Test
  void theSpansLatencyPartsAreTheServedLogsTimingInSeconds() throws Exception {
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config().build())) {
      post(sim, "/v1/chat/completions", chatBody(true), parent(1));
      post(sim, "/v1/chat/completions", chatBody(false), parent(2));
      awaitSpans(2);
      for (ServedResponse r : sim.served()) {
        ServerTiming t = r.timing();
        JsonNode span =
            spans.stream()
                .filter(s -> attr(s, "gen_ai.request.id").asText().equals(r.id()))
                .findFirst()
                .orElseThrow();
        assertSeconds(span, "gen_ai.latency.time_in_queue", t.queueNanos());
        assertSeconds(span, "gen_ai.latency.time_in_model_prefill", t.prefillNanos());
        assertSeconds(span, "gen_ai.latency.time_in_model_decode", t.decodeNanos());
        assertSeconds(span, "gen_ai.latency.time_in_model_inference", t.inferenceNanos());
        assertSeconds(span, "gen_ai.latency.time_to_first_token", t.timeToFirstTokenNanos());
        assertSeconds(span, "gen_ai.latency.e2e", t.e2eNanos());
        assertThat(span.path("startTimeUnixNano").asLong()).isEqualTo(t.startEpochNanos());
        assertThat(span.path("endTimeUnixNano").asLong())
            .isEqualTo(t.startEpochNanos() + t.e2eNanos());
        assertThat(t.queueNanos() + t.prefillNanos() + t.decodeNanos()).isEqualTo(t.e2eNanos());
        assertThat(t.timeToFirstTokenNanos()).isEqualTo(t.queueNanos() + t.prefillNanos());
        // Lower bounds only: the latency model slept at least the configured 5 ms before the first
        // token, and one decode step per further token.
        assertThat(t.prefillNanos()).isGreaterThanOrEqualTo(5_000_000L);
        assertThat(t.decodeNanos()).isGreaterThanOrEqualTo((r.completionTokens() - 1) * 1_000_000L);
      }
    }
  }

  @Test
  void requestsBeyondTheRunningSlotsWaitAndThatWaitIsTheirQueueTime() throws Exception {
    SimConfig burst = config().ttftBaseMillis(40).maxRunningRequests(1).build();
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(burst)) {
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int n = i;
        calls.add(
            CompletableFuture.runAsync(
                () -> post(sim, "/v1/chat/completions", chatBody(false), parent(n))));
      }
      calls.forEach(CompletableFuture::join);
      awaitSpans(3);
      // One slot: whoever was admitted last waited for at least one whole 40 ms prefill.
      long longestQueue =
          sim.served().stream().mapToLong(r -> r.timing().queueNanos()).max().orElseThrow();
      assertThat(longestQueue).isGreaterThanOrEqualTo(40_000_000L);
      assertThat(spans)
          .anySatisfy(
              s ->
                  assertThat(attr(s, "gen_ai.latency.time_in_queue").asDouble())
                      .isGreaterThanOrEqualTo(0.040));
    }
  }

  @Test
  void aRequestWithoutTraceparentStartsItsOwnTrace() throws Exception {
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config().build())) {
      post(sim, "/v1/chat/completions", chatBody(false), null);
      awaitSpans(1);
      JsonNode span = spans.peek();
      assertThat(span.path("traceId").asText()).hasSize(32).isNotEqualTo(TRACE);
      assertThat(span.has("parentSpanId")).isFalse();
    }
  }

  @Test
  void withoutAnEndpointNothingIsSentAndTheServedLogStillHasTheTiming() throws Exception {
    try (SimulatedLlmServer sim =
        SimulatedLlmServer.start(config().otlpTracesEndpoint(null).build())) {
      post(sim, "/v1/chat/completions", chatBody(false), parent(1));
      assertThat(sim.served().get(0).timing()).isNotNull();
      assertThat(sim.serverSpansSent()).isZero();
    }
    assertThat(paths).isEmpty();
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsRefusedAtStartup() {
    assertThatThrownBy(
            () -> SimConfig.fromArgs(new String[] {"--otlp-traces-endpoint", "localhost:4318"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otlpTracesEndpoint");
  }

  private static void assertSeconds(JsonNode span, String key, long nanos) {
    assertThat(attr(span, key).asDouble()).as(key).isEqualTo(nanos / 1e9);
  }

  private void awaitSpans(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (spans.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(spans).hasSize(count);
  }

  private static JsonNode attr(JsonNode span, String key) {
    for (JsonNode kv : span.path("attributes")) {
      if (kv.path("key").asText().equals(key)) {
        JsonNode v = kv.path("value");
        return v.has("stringValue")
            ? v.get("stringValue")
            : v.has("intValue") ? v.get("intValue") : v.path("doubleValue");
      }
    }
    return JSON.missingNode();
  }

  private static String spanId(int n) {
    return String.format("%016x", 0x1000L + n);
  }

  private static String parent(int n) {
    return "00-" + TRACE + "-" + spanId(n) + "-01";
  }

  private static void post(SimulatedLlmServer sim, String path, String body, String traceparent) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sim.rootUrl() + path))
            .header("content-type", "application/json")
            .POST(BodyPublishers.ofString(body));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    try {
      int status = HTTP.send(request.build(), BodyHandlers.ofString()).statusCode();
      assertThat(status).as(path).isEqualTo(200);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String chatBody(boolean stream) {
    return "{\"model\":\"m\",\"stream\":"
        + stream
        + ",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  private static String completionBody(boolean stream) {
    return "{\"model\":\"m\",\"stream\":" + stream + ",\"max_tokens\":8,\"prompt\":\"hi\"}";
  }

  private static String responsesBody(boolean stream) {
    return "{\"model\":\"m\",\"stream\":" + stream + ",\"max_output_tokens\":8,\"input\":\"hi\"}";
  }

  private static String messagesBody(boolean stream) {
    return "{\"model\":\"m\",\"stream\":"
        + stream
        + ",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }
}
