package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) the way applications call it: through the
 * OpenAI Java SDK (blocking, streaming, early close, async, a tool loop) and as raw HTTP through
 * the JDK HttpClient and OkHttp (which print the SHA-256 of every body they received, so a test can
 * prove the bytes are the same with and without the agent).
 */
final class OpenAiResponsesScenarios {
  private static final MediaType JSON = MediaType.get("application/json");

  private OpenAiResponsesScenarios() {}

  /** The text of a response's output messages (the SDK version of {@code output_text}). */
  static String text(Response response) {
    return response.output().stream()
        .flatMap(i -> i.message().stream())
        .flatMap(m -> m.content().stream())
        .flatMap(c -> c.outputText().stream())
        .map(t -> t.text())
        .collect(Collectors.joining());
  }

  @ScenarioName("openai-responses")
  private static void create(ScenarioContext ctx) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    Response response =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(ctx.chatModel())
                    .instructions("You are a concise assistant.")
                    .input("Which river flows through Prague?")
                    .maxOutputTokens(24L)
                    .temperature(0.2)
                    .topP(0.9)
                    .build());
    ctx.print(
        "openai-responses",
        text(response) + " [" + response.status().map(s -> s.asString()).orElse("") + "]");
  }

  private static ResponseCreateParams streamParams(ScenarioContext ctx, String question) {
    return ResponseCreateParams.builder()
        .model(ctx.chatModel())
        .input(question)
        .maxOutputTokens(40L)
        .build();
  }

  /**
   * The output text of a streamed response's first {@code events} events (all of them when there
   * are fewer); the stream is closed after them, whether or not it has ended.
   */
  private static String streamedText(ScenarioContext ctx, String question, long events) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream =
        OpenAiJavaScenarios.client(ctx).responses().createStreaming(streamParams(ctx, question))) {
      stream.stream()
          .limit(events)
          .filter(ResponseStreamEvent::isOutputTextDelta)
          .forEach(e -> text.append(e.asOutputTextDelta().delta()));
    }
    return text.toString();
  }

  @ScenarioName("openai-responses-stream")
  private static void stream(ScenarioContext ctx) {
    ctx.print(
        "openai-responses-stream",
        streamedText(ctx, "Tell me a short story about a ferry.", Long.MAX_VALUE));
  }

  @ScenarioName("openai-responses-stream-early-close")
  private static void streamEarlyClose(ScenarioContext ctx) {
    ctx.print(
        "openai-responses-stream-early-close",
        "read 5 events: '" + streamedText(ctx, "Count slowly from one to forty.", 5) + "'");
  }

  @ScenarioName("openai-responses-async")
  private static void async(ScenarioContext ctx) {
    OpenAIClientAsync client = OpenAiJavaScenarios.asyncClient(ctx);
    Response response =
        client.responses().create(streamParams(ctx, "Name three northern islands.")).join();
    ctx.print("openai-responses-async", text(response));
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(streamParams(ctx, "Write a haiku about fog."));
    stream.subscribe(
        e -> {
          if (e.isOutputTextDelta()) {
            text.append(e.asOutputTextDelta().delta());
          }
        });
    stream.onCompleteFuture().join();
    ctx.print("openai-responses-async", text.toString());
  }

  @ScenarioName("openai-responses-tools")
  private static void tools(ScenarioContext ctx) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    FunctionTool weather =
        FunctionTool.builder()
            .name("get_weather")
            .strict(false)
            .parameters(
                FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .build())
            .build();
    Response first =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(ctx.chatModel())
                    .input("What is the weather in Lisbon")
                    .addTool(weather)
                    .build());
    ResponseFunctionToolCall call = first.output().get(0).asFunctionCall();
    ctx.print("openai-responses-tools", "call " + call.name() + " " + call.arguments());
    Response second =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(ctx.chatModel())
                    .previousResponseId(first.id())
                    .inputOfResponse(
                        List.of(
                            ResponseInputItem.ofFunctionCall(call),
                            ResponseInputItem.ofFunctionCallOutput(
                                ResponseInputItem.FunctionCallOutput.builder()
                                    .callId(call.callId())
                                    .output("sunny, 24 C")
                                    .build())))
                    .addTool(weather)
                    .build());
    ctx.print("openai-responses-tools", text(second));
  }

  private static String json(ScenarioContext ctx, String question, boolean stream) {
    return "{\"model\":\""
        + ctx.chatModel()
        + "\",\"instructions\":\"You are terse.\",\"input\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"input_text\",\"text\":\""
        + question
        + "\"}]}],\"max_output_tokens\":30,"
        + "\"temperature\":0.4,\"stream\":"
        + stream
        + "}";
  }

  /** The server's origin: the base URL without its {@code /v1}. */
  private static String origin(ScenarioContext ctx) {
    String base = ctx.baseUrl();
    return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
  }

  @ScenarioName("jdk-responses")
  private static void jdk(ScenarioContext ctx) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (boolean stream : List.of(false, true)) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(origin(ctx) + "/v1/responses"))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer sk-testapp-0123456789abcdefghij")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      json(ctx, stream ? "Describe a lagoon." : "Name a blue fish.", stream)))
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readAllBytes();
      }
      JdkHttpClientScenarios.print(ctx, "jdk-responses", response.statusCode(), body);
    }
  }

  @ScenarioName("okhttp-responses")
  private static void okhttp(ScenarioContext ctx) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
    for (boolean stream : List.of(false, true)) {
      Request request =
          new Request.Builder()
              .url(ctx.baseUrl() + "/responses")
              .header("Authorization", "Bearer sk-testapp-0123456789abcdefghij")
              .post(
                  RequestBody.create(
                      json(ctx, stream ? "Describe a fjord." : "Name a red fruit.", stream), JSON))
              .build();
      try (okhttp3.Response response = client.newCall(request).execute()) {
        JdkHttpClientScenarios.print(
            ctx, "okhttp-responses", response.code(), response.body().bytes());
      }
    }
  }
}
