package dev.genaiwatch.testapp.scenario;

import com.google.genai.Client;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An application the agent is attached to while it runs ({@code VirtualMachine.loadAgent}), for the
 * runtime-attach test: it builds the JDK's client, an OpenAI SDK client and a Google Gen AI SDK
 * client and calls the model with each, so their classes are loaded before the agent arrives;
 * writes its process id to {@code <dir>/ready} and waits (at most a minute) for {@code
 * <dir>/attached}; then calls again with the same three clients and with an OkHttp client built
 * after the attach. Each call prints its response id with {@code before} or {@code after}.
 */
public final class AttachLater {
  private static final String CHAT =
      "{\"model\":\"qwen2.5-7b-instruct\",\"max_tokens\":8,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi.\"}]}";

  private AttachLater() {}

  /**
   * {@code java -cp genai-watch-testapp.jar dev.genaiwatch.testapp.scenario.AttachLater URL DIR}.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println(
          "usage: AttachLater <base URL ending in /v1> <directory for the handshake>");
      System.exit(2);
    }
    String baseUrl = args[0];
    Path dir = Path.of(args[1]);
    PrintStream out = System.out;
    HttpClient jdk = HttpClient.newHttpClient();
    OpenAIClient openAi =
        OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-attach-0123456789abcdef").build();
    Client google = googleClient(baseUrl);
    out.println("before jdk " + jdkChat(jdk, baseUrl));
    out.println("before openai " + openAiChat(openAi));
    out.println("before google " + googleChat(google));
    Files.writeString(dir.resolve("ready"), Long.toString(ProcessHandle.current().pid()));
    Path attached = dir.resolve("attached");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(attached)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no agent attached within a minute");
      }
      Thread.sleep(50);
    }
    out.println("after jdk " + jdkChat(jdk, baseUrl));
    out.println("after openai " + openAiChat(openAi));
    out.println("after google " + googleChat(google));
    OkHttpClient okHttp = new OkHttpClient();
    out.println("after okhttp " + okHttpChat(okHttp, baseUrl));
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    out.flush();
  }

  private static String jdkChat(HttpClient client, String baseUrl)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return responseId(response.body());
  }

  private static String okHttpChat(OkHttpClient client, String baseUrl) throws IOException {
    Request request =
        new Request.Builder()
            .url(baseUrl + "/chat/completions")
            .post(RequestBody.create(CHAT, MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      return responseId(response.body().string());
    }
  }

  private static String openAiChat(OpenAIClient client) {
    return client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("qwen2.5-7b-instruct")
                .addUserMessage("Say hi.")
                .maxCompletionTokens(8)
                .build())
        .id();
  }

  /** The SDK appends {@code /v1beta/models/...} to the server's root. */
  private static Client googleClient(String baseUrl) {
    return Client.builder()
        .apiKey("AIzaSy-attach-0123456789abcdef")
        .httpOptions(
            HttpOptions.builder()
                .baseUrl(baseUrl.substring(0, baseUrl.length() - "/v1".length()))
                .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build())
        .build();
  }

  private static String googleChat(Client client) {
    return client
        .models
        .generateContent(
            GoogleGenAiScenarios.MODEL,
            "Say hi.",
            GenerateContentConfig.builder().maxOutputTokens(8).build())
        .responseId()
        .orElse("none");
  }

  /** The {@code "id"} of a chat completion's JSON, without a JSON library of the test's own. */
  private static String responseId(String json) {
    int key = json.indexOf("\"id\"");
    int start = json.indexOf('"', json.indexOf(':', key) + 1) + 1;
    return json.substring(start, json.indexOf('"', start));
  }
}
