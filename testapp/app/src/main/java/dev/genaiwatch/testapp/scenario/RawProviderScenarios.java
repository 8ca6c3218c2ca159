package dev.genaiwatch.testapp.scenario;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Raw {@code java.net.http.HttpClient} code calling Anthropic's Messages API and Gemini's generate
 * methods in their own wire formats, without either SDK (the {@code jdk-anthropic} and {@code
 * jdk-gemini} scenarios): each sends one plain and one streamed (SSE) request and prints the
 * SHA-256 of every body it received.
 */
final class RawProviderScenarios {
  private RawProviderScenarios() {}

  @ScenarioName("jdk-anthropic")
  static void anthropic(ScenarioContext ctx) throws Exception {
    for (boolean stream : List.of(false, true)) {
      String question = stream ? "Describe a river delta." : "Which river flows through Lyon?";
      String json =
          "{\"model\":\""
              + AnthropicScenarios.MODEL
              + "\",\"max_tokens\":24,\"temperature\":0.3,\"stop_sequences\":[\"END\"],"
              + "\"system\":\"You are terse.\",\"messages\":[{\"role\":\"user\",\"content\":\""
              + question
              + "\"}],\"stream\":"
              + stream
              + "}";
      send(ctx, "jdk-anthropic", "/v1/messages", json, "anthropic-version", "2023-06-01");
    }
  }

  @ScenarioName("jdk-gemini")
  static void gemini(ScenarioContext ctx) throws Exception {
    for (boolean stream : List.of(false, true)) {
      String question = stream ? "Describe a glacier." : "Which river flows through Cologne?";
      String json =
          "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\""
              + question
              + "\"}]}],\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"}]},"
              + "\"generationConfig\":{\"maxOutputTokens\":24,\"temperature\":0.3,"
              + "\"thinkingConfig\":{\"thinkingBudget\":8}}}";
      String method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
      send(
          ctx,
          "jdk-gemini",
          "/v1beta/models/" + GoogleGenAiScenarios.MODEL + method,
          json,
          "x-goog-api-key",
          "AIza-testapp-0123456789abcdefghij");
    }
  }

  /** POSTs {@code json} with one provider header and prints what came back. */
  private static void send(
      ScenarioContext ctx, String scenario, String path, String json, String header, String value)
      throws Exception {
    String base = ctx.baseUrl();
    String origin = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(origin + path))
            .header("Content-Type", "application/json")
            .header(header, value)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(request, HttpResponse.BodyHandlers.ofInputStream());
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    }
    JdkHttpClientScenarios.print(ctx, scenario, response.statusCode(), body);
  }
}
