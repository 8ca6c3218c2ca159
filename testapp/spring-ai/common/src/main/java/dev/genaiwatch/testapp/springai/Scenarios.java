package dev.genaiwatch.testapp.springai;

import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/**
 * The scenarios, in a fixed order, each printing one line {@code name: result}: a model call, a stream read
 * to the end, a stream cancelled after a few chunks, a {@code ChatClient} call with a RAG advisor over an
 * in-memory vector store, a {@code ChatClient} call with a tool, the same streamed (1.1 runs the tool loop
 * inside the provider's stream, 2.0 in an advisor), a {@code ChatClient} stream, an embeddings call, and a call
 * the provider fails.
 */
@Component
public class Scenarios implements CommandLineRunner {
  static final List<String> LIBRARY = List.of(
      "The lighthouse at Cape Wrath was built in 1828 by Robert Stevenson.",
      "Saffron is harvested by hand from the crocus flower.",
      "The Cape Wrath lighthouse was automated in 1998 and has no keeper.");

  private final ChatModel chatModel;
  private final EmbeddingModel embeddingModel;
  private final ChatClient chatClient;

  public Scenarios(ChatModel chatModel, EmbeddingModel embeddingModel, ChatClient.Builder chatClientBuilder) {
    this.chatModel = chatModel;
    this.embeddingModel = embeddingModel;
    this.chatClient = chatClientBuilder.build();
  }

  @Override
  public void run(String... args) {
    call();
    stream();
    streamCancelled();
    rag();
    tool();
    streamedTool();
    clientStream();
    embeddings();
    error();
  }

  private void call() {
    OpenAiChatOptions options = OpenAiChatOptions.builder().model("qwen2.5-7b-instruct").maxTokens(24)
        .temperature(0.2).topP(0.9).frequencyPenalty(0.1).presencePenalty(0.3).seed(7).stop(List.of("END")).build();
    ChatResponse response = chatModel.call(new Prompt(List.of(new SystemMessage("You are a concise assistant."),
        new UserMessage("What is the capital of France?")), options));
    print("spring-ai-call", response.getResult().getOutput().getText());
  }

  private void stream() {
    OpenAiChatOptions options = OpenAiChatOptions.builder().maxTokens(40).build();
    List<ChatResponse> chunks = chatModel.stream(new Prompt("Describe a lighthouse.", options)).collectList().block();
    StringBuilder text = new StringBuilder();
    for (ChatResponse chunk : chunks) {
      if (chunk.getResult() != null && chunk.getResult().getOutput().getText() != null) {
        text.append(chunk.getResult().getOutput().getText());
      }
    }
    print("spring-ai-stream", text.toString());
  }

  private void streamCancelled() {
    OpenAiChatOptions options = OpenAiChatOptions.builder().maxTokens(40).build();
    List<ChatResponse> first = chatModel.stream(new Prompt("Tell a long story about a harbour.", options))
        .take(3).collectList().block();
    print("spring-ai-stream-cancelled", first.size() + " chunks read");
  }

  private void rag() {
    SimpleVectorStore store = SimpleVectorStore.builder(embeddingModel).build();
    store.add(LIBRARY.stream().map(Document::new).toList());
    QuestionAnswerAdvisor advisor = QuestionAnswerAdvisor.builder(store)
        .searchRequest(SearchRequest.builder().topK(2).similarityThresholdAll().build()).build();
    String answer = chatClient.prompt().advisors(advisor)
        .user("When was the Cape Wrath lighthouse automated?").call().content();
    print("spring-ai-rag", answer);
    // Streamed, the advisor retrieves on a scheduler thread of its own.
    List<String> streamed = chatClient.prompt().advisors(advisor)
        .user("Who built the Cape Wrath lighthouse?").stream().content().collectList().block();
    print("spring-ai-rag-stream", String.join("", streamed));
  }

  private void tool() {
    String answer = chatClient.prompt().user("What is the weather in Paris?").tools(new WeatherTools()).call().content();
    print("spring-ai-tool", answer);
  }

  private void streamedTool() {
    List<String> parts = chatClient.prompt().user("Streamed, please: what is the weather in Lyon?").tools(new WeatherTools())
        .stream().content().collectList().block();
    print("spring-ai-stream-tool", String.join("", parts));
  }

  private void clientStream() {
    List<String> parts = chatClient.prompt().user("Stream a short poem about the sea.").stream().content()
        .collectList().block();
    print("spring-ai-client-stream", String.join("", parts));
  }

  private void embeddings() {
    List<float[]> vectors = embeddingModel.embed(List.of("first text", "second text"));
    print("spring-ai-embeddings", vectors.size() + " vectors of " + vectors.get(0).length + " dimensions");
  }

  private void error() {
    try {
      chatModel.call(new Prompt("Trigger 500", FailingOptions.serverError()));
      print("spring-ai-error", "ok");
    } catch (RuntimeException e) {
      print("spring-ai-error", e.getClass().getName());
    }
  }

  private static void print(String scenario, String result) {
    System.out.println(scenario + ": " + result);
  }
}
