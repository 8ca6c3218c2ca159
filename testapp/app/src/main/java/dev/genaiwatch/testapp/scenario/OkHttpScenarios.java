package dev.genaiwatch.testapp.scenario;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.BufferedSource;

/**
 * Raw OkHttp code (no SDK) talking to an OpenAI-compatible server: {@code execute}, {@code enqueue}
 * and okhttp-sse's {@code EventSource}. Each scenario prints the SHA-256 of what it received, so a
 * test can prove the bytes are the same with and without the agent.
 */
final class OkHttpScenarios {
  private static final MediaType JSON = MediaType.get("application/json");

  /** Long enough to fill several prefix-cache blocks: the second call reports cached tokens. */
  private static final String SHARED_PREFIX =
      "You answer questions about European rivers for a travel guide. ".repeat(6);

  private OkHttpScenarios() {}

  private static OkHttpClient client() {
    return new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
  }

  /**
   * The query string is a stand-in for gateways that take keys in the URL: it must never be
   * recorded.
   */
  private static Request post(ScenarioContext ctx, String path, String json) {
    return new Request.Builder()
        .url(ctx.baseUrl() + path + "?api-key=query-secret-0123")
        .header("Authorization", "Bearer sk-testapp-0123456789abcdefghij")
        .post(RequestBody.create(json, JSON))
        .build();
  }

  static String chatJson(
      ScenarioContext ctx, String system, String question, boolean stream, int maxTokens) {
    return chatJson(
        ctx,
        system,
        question,
        "\"max_tokens\":"
            + maxTokens
            + ",\"stream\":"
            + stream
            + (stream ? ",\"stream_options\":{\"include_usage\":true}" : ""));
  }

  /**
   * A chat request with a system message (none when {@code system} is null) and a user message, and
   * then {@code parameters} (JSON members, as written).
   */
  static String chatJson(ScenarioContext ctx, String system, String question, String parameters) {
    return "{\"model\":\""
        + ctx.chatModel()
        + "\",\"messages\":["
        + (system == null ? "" : "{\"role\":\"system\",\"content\":\"" + system + "\"},")
        + "{\"role\":\"user\",\"content\":\""
        + question
        + "\"}],"
        + parameters
        + "}";
  }

  @ScenarioName("okhttp-chat")
  private static void chat(ScenarioContext ctx) throws Exception {
    String json =
        chatJson(
            ctx,
            "You are a terse assistant.",
            "Which river flows through Budapest?",
            "\"max_tokens\":24,\"temperature\":0.3,\"top_p\":0.8,\"seed\":11,\"logprobs\":true,\"top_logprobs\":2");
    try (Response response = client().newCall(post(ctx, "/chat/completions", json)).execute()) {
      JdkHttpClientScenarios.print(ctx, "okhttp-chat", response.code(), response.body().bytes());
    }
  }

  @ScenarioName("okhttp-chat-async")
  private static void chatAsync(ScenarioContext ctx) throws Exception {
    Request request =
        post(
            ctx, "/chat/completions", chatJson(ctx, null, "Name three spring flowers.", false, 30));
    byte[] body = enqueue(client(), request);
    JdkHttpClientScenarios.print(ctx, "okhttp-chat-async", 200, body);
  }

  @ScenarioName("okhttp-chat-stream-async")
  private static void chatStreamAsync(ScenarioContext ctx) throws Exception {
    Request request =
        post(
            ctx,
            "/chat/completions",
            chatJson(ctx, null, "Describe a lighthouse at night.", true, 30));
    byte[] body = enqueue(client(), request);
    JdkHttpClientScenarios.print(ctx, "okhttp-chat-stream-async", 200, body);
  }

  private static byte[] enqueue(OkHttpClient client, Request request) throws Exception {
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    client
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                body.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  body.complete(response.body().bytes());
                } catch (IOException e) {
                  body.completeExceptionally(e);
                }
              }
            });
    return body.get(30, TimeUnit.SECONDS);
  }

  @ScenarioName("okhttp-sse")
  private static void eventSource(ScenarioContext ctx) throws Exception {
    Request request =
        post(
            ctx,
            "/chat/completions",
            chatJson(ctx, null, "Tell me about a river delta.", true, 30));
    StringBuilder events = new StringBuilder();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    EventSource source =
        eventSourceFactory(client())
            .newEventSource(
                request,
                new EventSourceListener() {
                  @Override
                  public void onEvent(
                      EventSource eventSource, String id, String type, String data) {
                    synchronized (events) {
                      events.append(data).append('\n');
                    }
                  }

                  @Override
                  public void onClosed(EventSource eventSource) {
                    closed.complete(null);
                  }

                  @Override
                  public void onFailure(EventSource eventSource, Throwable t, Response response) {
                    closed.completeExceptionally(
                        t != null ? t : new IOException("HTTP " + response.code()));
                  }
                });
    try {
      closed.get(30, TimeUnit.SECONDS);
    } finally {
      source.cancel();
    }
    synchronized (events) {
      JdkHttpClientScenarios.print(
          ctx, "okhttp-sse", 200, events.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  @ScenarioName("okhttp-chat-stream-early-close")
  private static void chatStreamEarlyClose(ScenarioContext ctx) throws Exception {
    Request request =
        post(
            ctx,
            "/chat/completions",
            chatJson(ctx, null, "Recite the alphabet very slowly.", true, 60));
    StringBuilder read = new StringBuilder();
    int events = 0;
    try (Response response = client().newCall(request).execute()) {
      BufferedSource source = response.body().source();
      String line;
      while (events < 3 && (line = source.readUtf8Line()) != null) {
        read.append(line).append('\n');
        if (line.startsWith("data:")) {
          events++;
        }
      }
    }
    JdkHttpClientScenarios.print(
        ctx,
        "okhttp-chat-stream-early-close",
        200,
        read.toString().getBytes(StandardCharsets.UTF_8));
  }

  @ScenarioName("okhttp-prefix-cache")
  private static void prefixCache(ScenarioContext ctx) throws Exception {
    OkHttpClient client = client();
    for (String question :
        List.of("Which river flows through Belgrade?", "Which river flows through Bratislava?")) {
      try (Response response =
          client
              .newCall(
                  post(ctx, "/chat/completions", chatJson(ctx, SHARED_PREFIX, question, false, 20)))
              .execute()) {
        JdkHttpClientScenarios.print(
            ctx, "okhttp-prefix-cache", response.code(), response.body().bytes());
      }
    }
  }

  @ScenarioName("okhttp-not-llm")
  private static void notLlm(ScenarioContext ctx) throws Exception {
    try (Response response =
        client().newCall(new Request.Builder().url(ctx.baseUrl() + "/models").build()).execute()) {
      JdkHttpClientScenarios.print(ctx, "okhttp-not-llm", response.code(), response.body().bytes());
    }
  }

  /**
   * {@code EventSources.createFactory(client)}, bound at run time: okhttp-sse 5 takes a {@code
   * Call.Factory}, 4.x an {@code OkHttpClient}, so one compiled call site cannot serve both
   * versions.
   */
  static EventSource.Factory eventSourceFactory(OkHttpClient client)
      throws ReflectiveOperationException {
    for (Method method : EventSources.class.getMethods()) {
      if (method.getName().equals("createFactory")
          && method.getParameterCount() == 1
          && method.getParameterTypes()[0].isInstance(client)) {
        return (EventSource.Factory) method.invoke(null, client);
      }
    }
    throw new NoSuchMethodException(
        "EventSources.createFactory(" + client.getClass().getName() + ")");
  }
}
