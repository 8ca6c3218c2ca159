package dev.genaiwatch.testapp.scenario;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import java.util.List;
import java.util.Map;

/** Scenarios that use Google's Gen AI SDK (Gemini Developer API) the way an application would. */
final class GoogleGenAiScenarios {
  static final String MODEL = "gemini-sim-flash";
  static final String EMBEDDING_MODEL = "gemini-sim-embedding";
  private static final String KEY = "AIzaSy-testapp-0123456789abcdefghij";

  private GoogleGenAiScenarios() {}

  /** The SDK appends {@code /v1beta/models/...} to the server's root. */
  static Client client(ScenarioContext ctx, Map<String, String> headers) {
    return Client.builder()
        .apiKey(KEY)
        .httpOptions(
            HttpOptions.builder()
                .baseUrl(AnthropicScenarios.rootUrl(ctx))
                .headers(headers)
                .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build())
        .build();
  }

  static Client client(ScenarioContext ctx) {
    return client(ctx, Map.of());
  }

  private static String text(GenerateContentResponse r) {
    StringBuilder sb = new StringBuilder();
    for (Part part : r.parts() == null ? List.<Part>of() : r.parts()) {
      part.text().ifPresent(sb::append);
    }
    return sb + " [" + r.finishReason() + "]";
  }

  @ScenarioName("google-generate")
  private static void generate(ScenarioContext ctx) {
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .systemInstruction(Content.fromParts(Part.fromText("You are a concise assistant.")))
            .maxOutputTokens(24)
            .temperature(0.2f)
            .seed(7)
            .stopSequences(List.of("END"))
            .thinkingConfig(ThinkingConfig.builder().thinkingBudget(8).build())
            .build();
    GenerateContentResponse r =
        client(ctx)
            .models
            .generateContent(
                MODEL,
                "What is the capital of Italy? Copy the answer to ops.lead@example.com.",
                config);
    ctx.print("google-generate", text(r));
  }

  private static GenerateContentConfig streamConfig() {
    return GenerateContentConfig.builder().maxOutputTokens(32).build();
  }

  @ScenarioName("google-stream")
  private static void stream(ScenarioContext ctx) {
    Client client = client(ctx);
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(
            MODEL, "Describe a lighthouse at night.", streamConfig())) {
      for (GenerateContentResponse chunk : stream) {
        text.append(chunk.text());
      }
    }
    ctx.print("google-stream", text.toString());
    StringBuilder early = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(
            MODEL, "Count slowly from one to forty.", streamConfig())) {
      int read = 0;
      for (GenerateContentResponse chunk : stream) {
        early.append(chunk.text());
        if (++read == 3) {
          break;
        }
      }
    }
    ctx.print("google-stream", "read 3 chunks: '" + early + "'");
  }

  @ScenarioName("google-async")
  private static void async(ScenarioContext ctx) {
    Client client = client(ctx);
    GenerateContentResponse r =
        client
            .async
            .models
            .generateContent(MODEL, "Name three primary colours.", streamConfig())
            .join();
    ctx.print("google-async", text(r));
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        client
            .async
            .models
            .generateContentStream(MODEL, "Write a haiku about winter.", streamConfig())
            .join()) {
      for (GenerateContentResponse chunk : stream) {
        text.append(chunk.text());
      }
    }
    ctx.print("google-async", text.toString());
  }

  @ScenarioName("google-tools")
  private static void tools(ScenarioContext ctx) {
    Client client = client(ctx);
    Tool weather =
        Tool.builder()
            .functionDeclarations(
                FunctionDeclaration.builder()
                    .name("get_weather")
                    .description("Current weather for a city")
                    .parametersJsonSchema(
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of("city", Map.of("type", "string")),
                            "required",
                            List.of("city")))
                    .build())
            .build();
    // A long system instruction: the second call's prompt starts with the first's, a prefix-cache
    // hit.
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .systemInstruction(
                Content.fromParts(
                    Part.fromText(
                        "You are a weather assistant for a travel agency. Always use the tools. "
                            .repeat(8))))
            .maxOutputTokens(48)
            .tools(weather)
            .build();
    Content question =
        Content.builder()
            .role("user")
            .parts(Part.fromText("What is the weather in Lisbon?"))
            .build();
    GenerateContentResponse call = client.models.generateContent(MODEL, List.of(question), config);
    FunctionCall function = call.functionCalls().get(0);
    ctx.print(
        "google-tools",
        "function " + function.name().orElse("?") + " " + function.args().orElse(Map.of()));
    Content answerTurn =
        Content.builder()
            .role("user")
            .parts(Part.fromFunctionResponse("get_weather", Map.of("result", "cloudy, 17 degrees")))
            .build();
    GenerateContentResponse answer =
        client.models.generateContent(
            MODEL,
            List.of(question, call.candidates().get().get(0).content().get(), answerTurn),
            config);
    ctx.print("google-tools", text(answer));
  }

  @ScenarioName("google-embed")
  private static void embed(ScenarioContext ctx) {
    EmbedContentResponse r =
        client(ctx).models.embedContent(EMBEDDING_MODEL, "The quick brown fox.", null);
    ctx.print(
        "google-embed",
        r.embeddings().orElse(List.of()).size()
            + " embedding(s) of "
            + r.embeddings().get().get(0).values().get().size()
            + " values");
  }

  @ScenarioName("google-errors")
  private static void errors(ScenarioContext ctx) {
    try {
      client(ctx, Map.of(OpenAiJavaScenarios.FAULT_HEADER, "429"))
          .models
          .generateContent(MODEL, "Rate-limited question", streamConfig());
      ctx.print("google-errors", "no error?");
    } catch (ApiException e) {
      ctx.print("google-errors", "fault " + e.code() + " -> " + e.getClass().getName());
    }
  }
}
