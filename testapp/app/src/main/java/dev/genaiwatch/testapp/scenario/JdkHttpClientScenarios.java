package dev.genaiwatch.testapp.scenario;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Raw {@code java.net.http.HttpClient} code talking to an OpenAI-compatible server, the way an
 * application without an SDK does. Each scenario prints the SHA-256 of every body it received, so a
 * test can prove the bytes are the same with and without the agent.
 */
final class JdkHttpClientScenarios {
  /**
   * Configured in the end-to-end test as an extra LLM path pattern ({@code
   * genai.watch.wire.paths}).
   */
  static final String GATEWAY_PATH = "/gateway/team-a/chat";

  private JdkHttpClientScenarios() {}

  static List<Scenario> all() {
    return List.of(
        OpenAiJavaScenarios.scenario(
            "jdk-chat",
            "JDK HttpClient: blocking chat JSON with parameters and logprobs",
            JdkHttpClientScenarios::chat),
        OpenAiJavaScenarios.scenario(
            "jdk-chat-async",
            "JDK HttpClient: sendAsync chat JSON (ofByteArray)",
            JdkHttpClientScenarios::chatAsync),
        OpenAiJavaScenarios.scenario(
            "jdk-chat-stream",
            "JDK HttpClient: SSE chat read through ofInputStream",
            JdkHttpClientScenarios::chatStream),
        OpenAiJavaScenarios.scenario(
            "jdk-chat-stream-async",
            "JDK HttpClient: sendAsync SSE chat through ofLines",
            JdkHttpClientScenarios::chatStreamAsync),
        OpenAiJavaScenarios.scenario(
            "jdk-chat-stream-publisher",
            "JDK HttpClient: SSE chat consumed through ofPublisher by the application's own Flow.Subscriber",
            JdkHttpClientScenarios::chatStreamPublisher),
        OpenAiJavaScenarios.scenario(
            "jdk-chat-stream-early-close",
            "JDK HttpClient: the application stops reading an SSE stream after 3 events",
            JdkHttpClientScenarios::chatStreamEarlyClose),
        OpenAiJavaScenarios.scenario(
            "jdk-completion-stream",
            "JDK HttpClient: streamed legacy completion (ofString)",
            JdkHttpClientScenarios::completionStream),
        OpenAiJavaScenarios.scenario(
            "jdk-embeddings", "JDK HttpClient: embeddings", JdkHttpClientScenarios::embeddings),
        OpenAiJavaScenarios.scenario(
            "jdk-gateway",
            "JDK HttpClient: chat through a gateway path " + GATEWAY_PATH,
            JdkHttpClientScenarios::gateway),
        OpenAiJavaScenarios.scenario(
            "jdk-errors", "JDK HttpClient: 429 and a cut stream", JdkHttpClientScenarios::errors),
        OpenAiJavaScenarios.scenario(
            "jdk-anthropic",
            "JDK HttpClient: Anthropic /v1/messages JSON and SSE",
            RawProviderScenarios::anthropic),
        OpenAiJavaScenarios.scenario(
            "jdk-gemini",
            "JDK HttpClient: Gemini generateContent JSON and streamGenerateContent SSE",
            RawProviderScenarios::gemini),
        OpenAiJavaScenarios.scenario(
            "jdk-not-llm",
            "JDK HttpClient: GET /v1/models and /health (no GenAI span)",
            JdkHttpClientScenarios::notLlm));
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static HttpRequest.Builder post(ScenarioContext ctx, String path, String json) {
    return HttpRequest.newBuilder(URI.create(origin(ctx) + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-testapp-0123456789abcdefghij")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  /** The server's origin: the base URL without its {@code /v1}. */
  private static String origin(ScenarioContext ctx) {
    String base = ctx.baseUrl();
    return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
  }

  private static String chatJson(
      ScenarioContext ctx, String question, boolean stream, String extra) {
    return "{\"model\":\""
        + ctx.chatModel()
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]"
        + ",\"max_tokens\":30,\"stream\":"
        + stream
        + extra
        + "}";
  }

  private static void chat(ScenarioContext ctx) throws Exception {
    String json =
        "{\"model\":\""
            + ctx.chatModel()
            + "\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a concise assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"Which river flows through Vienna?\"}],"
            + "\"max_tokens\":24,\"temperature\":0.2,\"top_p\":0.9,\"frequency_penalty\":0.1,\"presence_penalty\":0.3,"
            + "\"seed\":7,\"stop\":[\"END\"],\"logprobs\":true,\"top_logprobs\":2}";
    HttpResponse<String> response =
        client()
            .send(
                post(ctx, "/v1/chat/completions", json).build(),
                HttpResponse.BodyHandlers.ofString());
    print(ctx, "jdk-chat", response.statusCode(), response.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void chatAsync(ScenarioContext ctx) throws Exception {
    String json = chatJson(ctx, "Name three colours of autumn leaves.", false, "");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(origin(ctx) + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<byte[]> response =
        client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get();
    print(ctx, "jdk-chat-async", response.statusCode(), response.body());
  }

  private static void chatStream(ScenarioContext ctx) throws Exception {
    String json =
        chatJson(
            ctx, "Tell me about a windmill.", true, ",\"stream_options\":{\"include_usage\":true}");
    HttpResponse<InputStream> response =
        client()
            .send(
                post(ctx, "/v1/chat/completions", json).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    }
    print(ctx, "jdk-chat-stream", response.statusCode(), body);
  }

  private static void chatStreamAsync(ScenarioContext ctx) throws Exception {
    String json =
        chatJson(
            ctx,
            "Describe a harbour at dawn.",
            true,
            ",\"stream_options\":{\"include_usage\":true}");
    CompletableFuture<HttpResponse<Stream<String>>> future =
        client()
            .sendAsync(
                post(ctx, "/v1/chat/completions", json).build(),
                HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = future.get();
    String lines;
    try (Stream<String> stream = response.body()) {
      lines = stream.collect(Collectors.joining("\n"));
    }
    print(
        ctx,
        "jdk-chat-stream-async",
        response.statusCode(),
        lines.getBytes(StandardCharsets.UTF_8));
  }

  private static void chatStreamPublisher(ScenarioContext ctx) throws Exception {
    String json =
        chatJson(
            ctx,
            "Sketch a mountain village.",
            true,
            ",\"stream_options\":{\"include_usage\":true}");
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
        client()
            .send(
                post(ctx, "/v1/chat/completions", json).build(),
                HttpResponse.BodyHandlers.ofPublisher());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    response
        .body()
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer buffer : item) {
                  byte[] bytes = new byte[buffer.remaining()];
                  buffer.get(bytes);
                  body.write(bytes, 0, bytes.length);
                }
              }

              @Override
              public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
              }

              @Override
              public void onComplete() {
                done.complete(null);
              }
            });
    done.get();
    print(ctx, "jdk-chat-stream-publisher", response.statusCode(), body.toByteArray());
  }

  private static void chatStreamEarlyClose(ScenarioContext ctx) throws Exception {
    String json =
        chatJson(ctx, "Count slowly to one hundred.", true, "")
            .replace("\"max_tokens\":30", "\"max_tokens\":60");
    HttpResponse<InputStream> response =
        client()
            .send(
                post(ctx, "/v1/chat/completions", json).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    StringBuilder read = new StringBuilder();
    int events = 0;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while (events < 3 && (line = reader.readLine()) != null) {
        read.append(line).append('\n');
        if (line.startsWith("data:")) {
          events++;
        }
      }
    }
    print(
        ctx,
        "jdk-chat-stream-early-close",
        response.statusCode(),
        read.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void completionStream(ScenarioContext ctx) throws Exception {
    String json =
        "{\"model\":\""
            + ctx.chatModel()
            + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":20,"
            + "\"stream\":true,\"logprobs\":1}";
    HttpResponse<String> response =
        client()
            .send(post(ctx, "/v1/completions", json).build(), HttpResponse.BodyHandlers.ofString());
    print(
        ctx,
        "jdk-completion-stream",
        response.statusCode(),
        response.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void embeddings(ScenarioContext ctx) throws Exception {
    String json =
        "{\"model\":\"" + ctx.embeddingModel() + "\",\"input\":[\"first text\",\"second text\"]}";
    HttpResponse<byte[]> response =
        client()
            .send(
                post(ctx, "/v1/embeddings", json).build(), HttpResponse.BodyHandlers.ofByteArray());
    print(ctx, "jdk-embeddings", response.statusCode(), response.body());
  }

  private static void gateway(ScenarioContext ctx) throws Exception {
    String json = chatJson(ctx, "Which gate does the gateway guard?", false, "");
    HttpResponse<String> response =
        client().send(post(ctx, GATEWAY_PATH, json).build(), HttpResponse.BodyHandlers.ofString());
    print(
        ctx,
        "jdk-gateway",
        response.statusCode(),
        response.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void errors(ScenarioContext ctx) throws Exception {
    HttpResponse<String> limited =
        client()
            .send(
                post(ctx, "/v1/chat/completions", chatJson(ctx, "Trigger 429 raw", false, ""))
                    .header(OpenAiJavaScenarios.FAULT_HEADER, "429")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    print(ctx, "jdk-errors", limited.statusCode(), limited.body().getBytes(StandardCharsets.UTF_8));
    try {
      HttpResponse<String> cut =
          client()
              .send(
                  post(ctx, "/v1/chat/completions", chatJson(ctx, "Stream cut raw", true, ""))
                      .header(OpenAiJavaScenarios.FAULT_HEADER, "cut-stream:3")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      print(ctx, "jdk-errors", cut.statusCode(), cut.body().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      ctx.print("jdk-errors", "cut stream -> " + e.getClass().getName());
    }
  }

  private static void notLlm(ScenarioContext ctx) throws Exception {
    for (String path : List.of("/v1/models", "/health")) {
      HttpResponse<byte[]> response =
          client()
              .send(
                  HttpRequest.newBuilder(URI.create(origin(ctx) + path)).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      print(ctx, "jdk-not-llm", response.statusCode(), response.body());
    }
  }

  static void print(ScenarioContext ctx, String scenario, int status, byte[] body)
      throws Exception {
    ctx.print(
        scenario,
        "HTTP "
            + status
            + " "
            + body.length
            + " bytes sha256="
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
  }
}
