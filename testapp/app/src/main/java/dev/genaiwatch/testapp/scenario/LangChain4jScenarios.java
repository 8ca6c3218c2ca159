package dev.genaiwatch.testapp.scenario;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scenarios that use LangChain4j (with {@code langchain4j-open-ai}) the way an application would:
 * plain and streamed chat, an AI service that calls a tool, an AI service with RAG over an
 * in-memory embedding store, embeddings, and provider errors. Only APIs present since LangChain4j
 * 1.0.0, so the same classes run on the oldest supported version.
 */
final class LangChain4jScenarios {
  static final String API_KEY = "sk-testapp-0123456789abcdefghij";
  static final List<String> LIBRARY =
      List.of(
          "The lighthouse at Cape Wrath was built in 1828 by Robert Stevenson.",
          "Saffron is harvested by hand from the crocus flower.",
          "The Cape Wrath lighthouse was automated in 1998 and has no keeper.");

  private LangChain4jScenarios() {}

  static OpenAiChatModel.OpenAiChatModelBuilder chatModel(ScenarioContext ctx) {
    return OpenAiChatModel.builder()
        .baseUrl(ctx.baseUrl())
        .apiKey(API_KEY)
        .modelName(ctx.chatModel())
        .maxRetries(0);
  }

  static OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder streamingModel(
      ScenarioContext ctx) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(ctx.baseUrl())
        .apiKey(API_KEY)
        .modelName(ctx.chatModel());
  }

  static OpenAiEmbeddingModel embeddingModel(ScenarioContext ctx) {
    return OpenAiEmbeddingModel.builder()
        .baseUrl(ctx.baseUrl())
        .apiKey(API_KEY)
        .modelName(ctx.embeddingModel())
        .maxRetries(0)
        .build();
  }

  @ScenarioName("langchain4j-chat")
  private static void chat(ScenarioContext ctx) {
    OpenAiChatModel model =
        chatModel(ctx)
            .maxTokens(24)
            .temperature(0.2)
            .topP(0.9)
            .frequencyPenalty(0.1)
            .presencePenalty(0.3)
            .seed(7)
            .stop(List.of("END"))
            .build();
    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(
                    SystemMessage.from("You are a concise assistant."),
                    UserMessage.from("What is the capital of France?"))
                .build());
    ctx.print(
        "langchain4j-chat", response.aiMessage().text() + " [" + response.finishReason() + "]");
  }

  @ScenarioName("langchain4j-chat-stream")
  private static void chatStream(ScenarioContext ctx) throws Exception {
    OpenAiStreamingChatModel model = streamingModel(ctx).maxTokens(40).build();
    StringBuilder text = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        "Tell me a short story about a lighthouse.",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            text.append(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    ChatResponse response = done.get(60, TimeUnit.SECONDS);
    ctx.print(
        "langchain4j-chat-stream",
        text
            + " ["
            + response.finishReason()
            + ", same as complete response: "
            + text.toString().equals(response.aiMessage().text())
            + "]");
  }

  /** The application's AI service interfaces. */
  interface WeatherAssistant {
    String chat(String question);
  }

  interface StreamingWeatherAssistant {
    TokenStream chat(String question);
  }

  interface Librarian {
    String answer(String question);
  }

  /** A tool the model can call. */
  static final class WeatherTools {
    @Tool("Current weather in a city")
    public String weather(@P("the city") String city) {
      return "sunny, 21 degrees in " + city;
    }
  }

  @ScenarioName("langchain4j-ai-service-tool")
  private static void aiServiceTool(ScenarioContext ctx) {
    WeatherAssistant assistant =
        AiServices.builder(WeatherAssistant.class)
            .chatModel(chatModel(ctx).maxTokens(32).build())
            .tools(new WeatherTools())
            .build();
    ctx.print("langchain4j-ai-service-tool", assistant.chat("What is the weather in Paris?"));
  }

  @ScenarioName("langchain4j-ai-service-stream-tool")
  private static void aiServiceStreamTool(ScenarioContext ctx) throws Exception {
    StreamingWeatherAssistant assistant =
        AiServices.builder(StreamingWeatherAssistant.class)
            .streamingChatModel(streamingModel(ctx).maxTokens(32).build())
            .tools(new WeatherTools())
            .build();
    StringBuilder text = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    assistant
        .chat("What is the weather in Oslo?")
        .onPartialResponse(text::append)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    done.get(60, TimeUnit.SECONDS);
    ctx.print("langchain4j-ai-service-stream-tool", text.toString());
  }

  /**
   * The library covers lighthouses and saffron, not this question: the sim's model answers from
   * what it knows and ignores the retrieved documents (what the RAG context-use check flags).
   */
  @ScenarioName("langchain4j-ai-service-rag")
  private static void aiServiceRag(ScenarioContext ctx) {
    ctx.print(
        "langchain4j-ai-service-rag",
        librarian(ctx, 32, LIBRARY).answer("What is the capital of Norway?"));
  }

  /**
   * The sim answers [[echo]] prompts with the prompt itself: the augmented prompt holds the
   * documents.
   */
  @ScenarioName("langchain4j-ai-service-rag-grounded")
  private static void aiServiceRagGrounded(ScenarioContext ctx) {
    ctx.print(
        "langchain4j-ai-service-rag-grounded",
        librarian(ctx, 200, LIBRARY)
            .answer("[[echo]] When was the Cape Wrath lighthouse automated?"));
  }

  /** An AI service answering from {@code library}, embedded into an in-memory store. */
  static Librarian librarian(ScenarioContext ctx, int maxTokens, List<String> library) {
    OpenAiEmbeddingModel embeddings = embeddingModel(ctx);
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    List<TextSegment> segments = library.stream().map(TextSegment::from).toList();
    List<Embedding> vectors = embeddings.embedAll(segments).content();
    store.addAll(vectors, segments);
    Librarian librarian =
        AiServices.builder(Librarian.class)
            .chatModel(chatModel(ctx).maxTokens(maxTokens).build())
            .contentRetriever(
                EmbeddingStoreContentRetriever.builder()
                    .embeddingStore(store)
                    .embeddingModel(embeddings)
                    .maxResults(2)
                    .build())
            .build();
    return librarian;
  }

  @ScenarioName("langchain4j-embeddings")
  private static void embeddings(ScenarioContext ctx) {
    List<Embedding> vectors =
        embeddingModel(ctx)
            .embedAll(List.of(TextSegment.from("first text"), TextSegment.from("second text")))
            .content();
    ctx.print(
        "langchain4j-embeddings",
        vectors.size() + " vectors of " + vectors.get(0).dimension() + " dimensions");
  }

  @ScenarioName("langchain4j-error")
  private static void error(ScenarioContext ctx) throws Exception {
    OpenAiChatModel failing =
        chatModel(ctx).customHeaders(Map.of(OpenAiJavaScenarios.FAULT_HEADER, "500")).build();
    try {
      failing.chat("Trigger 500");
      ctx.print("langchain4j-error", "chat 500 -> ok");
    } catch (RuntimeException e) {
      ctx.print("langchain4j-error", "chat 500 -> " + e.getClass().getName());
    }
    OpenAiStreamingChatModel limited =
        streamingModel(ctx).customHeaders(Map.of(OpenAiJavaScenarios.FAULT_HEADER, "429")).build();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    limited.chat(
        "Stream with 429",
        new StreamingChatResponseHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            failed.complete(null);
          }

          @Override
          public void onError(Throwable error) {
            failed.complete(error);
          }
        });
    Throwable error = failed.get(60, TimeUnit.SECONDS);
    ctx.print(
        "langchain4j-error",
        "stream 429 -> " + (error == null ? "ok" : error.getClass().getName()));
  }
}
