package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wire-level checks with the JDK HttpClient and raw sockets: SSE framing, errors, admin endpoints.
 */
class RawHttpAgainstSimulatorTest extends AgainstSimulator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT_BODY =
      "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello raw world\"}]";

  // Default JDK client (HTTP/2 preferred): it sends an h2c Upgrade request the server must ignore.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A field of an OpenAI-shaped error body. */
  private static String errorField(HttpResponse<String> response, String field) throws Exception {
    return JSON.readTree(response.body()).path("error").path(field).asText();
  }

  private static HttpResponse<String> post(String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sim.rootUrl() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer whatever-key")
            .POST(BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sim.rootUrl() + path)).GET().build(),
        BodyHandlers.ofString());
  }

  /** The data payloads of an SSE body, in order. */
  private static List<String> sseData(String body) {
    assertThat(body).doesNotContain("\r");
    List<String> data = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      if (!event.isEmpty()) {
        assertThat(event).startsWith("data: ");
        data.add(event.substring("data: ".length()));
      }
    }
    return data;
  }

  private static List<JsonNode> parseAll(List<String> data) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String d : data.subList(0, data.size() - 1)) {
      out.add(JSON.readTree(d));
    }
    return out;
  }

  @Test
  void streamingChatIsServerSentEventsWithRoleChunkFirstFinishOnLastContentAndDoneLast()
      throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", CHAT_BODY + ",\"stream\":true}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<String> data = sseData(response.body());
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = parseAll(data);
    JsonNode first = chunks.get(0).path("choices").get(0);
    assertThat(first.path("delta").path("role").asText()).isEqualTo("assistant");
    assertThat(first.path("delta").path("content").asText()).isEmpty();
    assertThat(chunks)
        .allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(
            c -> assertThat(c.path("choices").get(0).path("finish_reason").isNull()).isTrue());
    assertThat(chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText())
        .isEqualTo("stop");
    // one chunk per output token after the role chunk
    assertThat(chunks).hasSize(1 + sim.served().get(0).completionTokens());
  }

  @Test
  void usageChunkAndNullUsageFieldsOnlyWhenIncludeUsageIsTrue() throws Exception {
    List<JsonNode> without =
        parseAll(sseData(post("/v1/chat/completions", CHAT_BODY + ",\"stream\":true}").body()));
    List<JsonNode> with =
        parseAll(
            sseData(
                post(
                        "/v1/chat/completions",
                        CHAT_BODY + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                    .body()));

    assertThat(without).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
    JsonNode usageChunk = with.get(with.size() - 1);
    assertThat(usageChunk.path("choices").isEmpty()).isTrue();
    assertThat(usageChunk.path("usage").path("completion_tokens").asInt())
        .isEqualTo(sim.served().get(1).completionTokens());
    assertThat(usageChunk.path("usage").path("prompt_tokens_details").has("cached_tokens"))
        .isTrue();
    assertThat(with.subList(0, with.size() - 1))
        .allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
  }

  @Test
  void nonStreamingChatResponseHasOpenAiShape() throws Exception {
    JsonNode body = JSON.readTree(post("/v1/chat/completions", CHAT_BODY + "}").body());

    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("qwen2.5-7b-instruct");
    assertThat(body.path("choices").get(0).path("message").path("role").asText())
        .isEqualTo("assistant");
    assertThat(body.path("choices").get(0).has("logprobs")).isTrue();
    assertThat(body.path("usage").path("total_tokens").asInt())
        .isEqualTo(
            body.path("usage").path("prompt_tokens").asInt()
                + body.path("usage").path("completion_tokens").asInt());
    assertThat(body.path("system_fingerprint").asText()).startsWith("fp_");
  }

  @Test
  void identicalRequestsToServersWithTheSameSeedGetIdenticalBytes() throws Exception {
    String first;
    try (SimulatedLlmServer other = SimulatedLlmServer.start(SimConfig.zeroLatency())) {
      first = HTTP.send(chatTo(other), BodyHandlers.ofString()).body();
    }
    String second;
    try (SimulatedLlmServer other = SimulatedLlmServer.start(SimConfig.zeroLatency())) {
      second = HTTP.send(chatTo(other), BodyHandlers.ofString()).body();
    }

    assertThat(second).isEqualTo(first);
  }

  private static HttpRequest chatTo(SimulatedLlmServer server) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
        .POST(BodyPublishers.ofString(CHAT_BODY + ",\"logprobs\":true,\"top_logprobs\":2}"))
        .build();
  }

  @Test
  void cutStreamMakesJdkHttpClientThrowIoException() {
    assertThatThrownBy(
            () ->
                post(
                    "/v1/chat/completions",
                    CHAT_BODY + ",\"stream\":true}",
                    "X-Sim-Fault",
                    "cut-stream:2"))
        .isInstanceOf(IOException.class);
    assertThat(sim.served().get(0).chunkCount()).isEqualTo(3);
  }

  @Test
  void cutStreamSendsKContentChunksThenClosesWithoutChunkedTerminator() throws Exception {
    String body = CHAT_BODY + ",\"stream\":true}";
    String wire;
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      socket
          .getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Sim-Fault: cut-stream:2\r\nContent-Length: "
                      + body.getBytes(StandardCharsets.UTF_8).length
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
      wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(wire).contains("transfer-encoding: chunked");
    assertThat(wire.split("data: ", -1)).hasSize(1 + 3); // role chunk + 2 content chunks
    assertThat(wire).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
  }

  @Test
  void malformedChunkIsInvalidJsonAndTheStreamStillEndsWithDone() throws Exception {
    List<String> data =
        sseData(
            post(
                    "/v1/chat/completions",
                    CHAT_BODY + ",\"stream\":true}",
                    "X-Sim-Fault",
                    "malformed-chunk:1")
                .body());

    assertThat(data.get(1)).isEqualTo("{\"id\": broken");
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(2, data.size() - 1)) {
      text.append(JSON.readTree(d).path("choices").get(0).path("delta").path("content").asText());
    }
    assertThat(text.toString()).isEqualTo(sim.served().get(0).outputText());
  }

  @Test
  void rateLimitFaultHasOpenAiErrorBodyAndRetryAfter() throws Exception {
    HttpResponse<String> response =
        post("/v1/chat/completions", CHAT_BODY + "}", "X-Sim-Fault", "429");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("1");
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.path("message").asText()).isNotEmpty();
  }

  @Test
  void serverErrorFaultHasOpenAiErrorBody() throws Exception {
    HttpResponse<String> response =
        post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"x\"}", "X-Sim-Fault", "500");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(errorField(response, "type")).isEqualTo("server_error");
  }

  @Test
  void slowFirstByteFaultDelaysTheResponseAndIsReportedAsInjectedDelay() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response =
        post("/v1/chat/completions", CHAT_BODY + "}", "X-Sim-Fault", "slow-first-byte:120");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(120);
    assertThat(sim.served().get(0).injectedFirstTokenDelayNanos())
        .isGreaterThanOrEqualTo(120_000_000L);
  }

  @Test
  void faultsPostedToSimFaultsApplyToTheNextRequestsInOrder() throws Exception {
    assertThat(post("/sim/faults", "[\"429\",\"500\"]").statusCode()).isEqualTo(200);

    assertThat(post("/v1/chat/completions", CHAT_BODY + "}").statusCode()).isEqualTo(429);
    assertThat(post("/v1/chat/completions", CHAT_BODY + "}").statusCode()).isEqualTo(500);
    assertThat(post("/v1/chat/completions", CHAT_BODY + "}").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownFaultHeaderIsABadRequest() throws Exception {
    assertThat(post("/v1/chat/completions", CHAT_BODY + "}", "X-Sim-Fault", "explode").statusCode())
        .isEqualTo(400);
  }

  @Test
  void simServedListsServedResponsesAsJson() throws Exception {
    post("/v1/chat/completions", CHAT_BODY + "}");

    JsonNode log = JSON.readTree(get("/sim/served").body());
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.get(0).path("id").asText()).isEqualTo(sim.served().get(0).id());
    assertThat(log.get(0).path("endpoint").asText()).isEqualTo("chat");
  }

  @Test
  void metricsExposeVllmMetricNamesWithModelNameLabel() throws Exception {
    post("/v1/chat/completions", CHAT_BODY + ",\"model\":\"metrics-model\"}");

    HttpResponse<String> response = get("/metrics");
    String text = response.body();
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(text)
        .contains("# TYPE vllm:num_requests_running gauge")
        .contains("# TYPE vllm:num_requests_waiting gauge")
        .contains("# TYPE vllm:time_to_first_token_seconds histogram")
        .contains(
            "vllm:prompt_tokens_total{model_name=\"metrics-model\"} "
                + (double) sim.served().get(0).promptTokens())
        .contains(
            "vllm:generation_tokens_total{model_name=\"metrics-model\"} "
                + (double) sim.served().get(0).completionTokens())
        .contains(
            "vllm:request_success_total{model_name=\"metrics-model\",finished_reason=\"stop\"} 1.0")
        .contains("vllm:prefix_cache_queries_total{model_name=\"metrics-model\"}")
        .contains("vllm:prefix_cache_hits_total{model_name=\"metrics-model\"}")
        .contains("vllm:time_to_first_token_seconds_count{model_name=\"metrics-model\"} 1.0")
        .contains(
            "vllm:e2e_request_latency_seconds_bucket{model_name=\"metrics-model\",le=\"+Inf\"} 1.0")
        .contains("vllm:e2e_request_latency_seconds_sum{model_name=\"metrics-model\"}")
        .contains("vllm:time_per_output_token_seconds_count{model_name=\"metrics-model\"} 1.0");
  }

  @Test
  void modelsEndpointUsesOpenAiListFormat() throws Exception {
    JsonNode body = JSON.readTree(get("/v1/models").body());

    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("data").get(0).path("object").asText()).isEqualTo("model");
    assertThat(body.path("data").get(0).path("id").asText()).isEqualTo("qwen2.5-7b-instruct");
  }

  @Test
  void unknownPathIs404WithOpenAiError() throws Exception {
    HttpResponse<String> response = get("/v1/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(errorField(response, "message")).contains("/v1/nope");
  }

  @Test
  void wrongMethodIs405WithAllowHeader() throws Exception {
    HttpResponse<String> response = get("/v1/chat/completions");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("POST");
  }

  @Test
  void invalidJsonIs400WithInvalidRequestError() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", "{not json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorField(response, "type")).isEqualTo("invalid_request_error");
  }

  @Test
  void missingMessagesIs400NamingTheParameter() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"m\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorField(response, "param")).isEqualTo("messages");
  }

  @Test
  void bodyOver8MiBIs413() throws Exception {
    String huge = "{\"model\":\"m\",\"prompt\":\"" + "a".repeat(9 * 1024 * 1024) + "\"}";

    HttpResponse<String> response = post("/v1/completions", huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(sim.served()).isEmpty();
  }

  @Test
  void legacyCompletionStreamsTextChunks() throws Exception {
    List<JsonNode> chunks =
        parseAll(
            sseData(
                post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"abc\",\"stream\":true}")
                    .body()));

    assertThat(chunks)
        .allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("text_completion"));
    assertThat(chunks).allSatisfy(c -> assertThat(c.path("choices").get(0).has("text")).isTrue());
  }

  @Test
  void embeddingsAcceptTokenIdArraysAndCountThemAsPromptTokens() throws Exception {
    JsonNode body =
        JSON.readTree(post("/v1/embeddings", "{\"model\":\"e\",\"input\":[[1,2,3],[4,5]]}").body());

    assertThat(body.path("data").size()).isEqualTo(2);
    assertThat(body.path("data").get(0).path("embedding").size()).isEqualTo(64);
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      OutputStream out = socket.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (int i = 0; i < 2; i++) {
        out.write("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
          if (h.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).trim());
          }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
          read += in.read(body, read, length - read);
        }
        assertThat(new String(body)).contains("\"object\":\"list\"");
      }
    }
  }

  @Test
  void garbageRequestLineGets400AndTheConnectionIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      socket.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

      assertThat(in.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
    }
  }

  @Test
  void closeEndsInFlightStreamsAndFreesThePort() throws Exception {
    SimulatedLlmServer slow =
        SimulatedLlmServer.start(
            SimConfig.zeroLatency().toBuilder().decodeMillisPerToken(1_000).build());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/chat/completions"))
            .POST(BodyPublishers.ofString(CHAT_BODY + ",\"stream\":true}"))
            .build();
    HttpResponse<InputStream> response = HTTP.send(request, BodyHandlers.ofInputStream());

    slow.close();

    assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> new Socket("127.0.0.1", slow.port()).close())
        .isInstanceOf(IOException.class);
  }
}
