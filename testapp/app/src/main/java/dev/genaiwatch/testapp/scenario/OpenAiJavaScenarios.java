package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Scenarios that use the OpenAI Java SDK the way an application would. */
final class OpenAiJavaScenarios {
  /**
   * A loopback port nothing listens on (tcpmux), so "connection refused" is the same in every run.
   */
  static final String REFUSED_BASE_URL = "http://127.0.0.1:1/v1";

  static final String FAULT_HEADER = "X-Sim-Fault";

  /**
   * Calls per burst wave: no more than OkHttp keeps idle connections for (5), so waves reuse them.
   */
  static final int BURST_CALLS = 5;

  static final int BURST_WAVES = 3;

  private OpenAiJavaScenarios() {}

  @ScenarioName("openai-steady")
  private static void steady(ScenarioContext ctx) throws Exception {
    Traffic.run(ctx, "openai-steady", false);
  }

  @ScenarioName("openai-shifted")
  private static void shifted(ScenarioContext ctx) throws Exception {
    Traffic.run(ctx, "openai-shifted", true);
  }

  static OpenAIClient client(ScenarioContext ctx) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(ctx.baseUrl())
        .apiKey("sk-testapp-0123456789abcdefghij")
        .build();
  }

  static OpenAIClientAsync asyncClient(ScenarioContext ctx) {
    return OpenAIOkHttpClientAsync.builder()
        .baseUrl(ctx.baseUrl())
        .apiKey("sk-testapp-0123456789abcdefghij")
        .build();
  }

  @ScenarioName("openai-chat")
  private static void chat(ScenarioContext ctx) {
    OpenAIClient client = client(ctx);
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(ctx.chatModel())
                    .addSystemMessage("You are a concise assistant.")
                    .addUserMessage("What is the capital of France?")
                    .maxCompletionTokens(24)
                    .temperature(0.2)
                    .topP(0.9)
                    .frequencyPenalty(0.1)
                    .presencePenalty(0.3)
                    .seed(7)
                    .stop("END")
                    .logprobs(true)
                    .topLogprobs(2)
                    .build());
    ctx.print(
        "openai-chat",
        completion.choices().get(0).message().content().orElse("")
            + " ["
            + completion.choices().get(0).finishReason().asString()
            + "]");
  }

  /** The evaluator sends the question to the judge; the sim's judge misbehaves on this marker. */
  @ScenarioName("openai-chat-judge-garbage")
  private static void chatJudgeGarbage(ScenarioContext ctx) {
    ctx.print(
        "openai-chat-judge-garbage",
        answer(
            ctx,
            question(ctx, "Which lighthouse is the tallest? [sim-judge:garbage]")
                .maxCompletionTokens(24)
                .build()));
  }

  /** Chat parameters for the chat model with one user message. */
  static ChatCompletionCreateParams.Builder question(ScenarioContext ctx, String question) {
    return ChatCompletionCreateParams.builder().model(ctx.chatModel()).addUserMessage(question);
  }

  /** The text of the answer to one chat call through {@link #client}. */
  static String answer(ScenarioContext ctx, ChatCompletionCreateParams params) {
    ChatCompletion completion = client(ctx).chat().completions().create(params);
    return completion.choices().get(0).message().content().orElse("");
  }

  private static ChatCompletionCreateParams.Builder streamParams(
      ScenarioContext ctx, String question) {
    return question(ctx, question).maxCompletionTokens(40);
  }

  /** Streamed chat parameters that ask for the final usage chunk. */
  private static ChatCompletionCreateParams.Builder streamParamsWithUsage(
      ScenarioContext ctx, String question) {
    return streamParams(ctx, question)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
  }

  /**
   * The text of a streamed chat's first {@code chunks} chunks (all of them when there are fewer);
   * the stream is closed after them, whether or not it has ended.
   */
  private static String streamedText(
      ScenarioContext ctx, ChatCompletionCreateParams params, long chunks) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client(ctx).chat().completions().createStreaming(params)) {
      stream.stream()
          .limit(chunks)
          .forEach(
              chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }
    return text.toString();
  }

  @ScenarioName("openai-chat-stream")
  private static void chatStream(ScenarioContext ctx) {
    ChatCompletionCreateParams params =
        streamParamsWithUsage(ctx, "Tell me a short story about a lighthouse.").build();
    ctx.print("openai-chat-stream", streamedText(ctx, params, Long.MAX_VALUE));
  }

  @ScenarioName("openai-chat-stream-no-usage")
  private static void chatStreamNoUsage(ScenarioContext ctx) {
    ChatCompletionCreateParams params =
        streamParams(ctx, "Describe the sea in a few words.").build();
    ctx.print("openai-chat-stream-no-usage", streamedText(ctx, params, Long.MAX_VALUE));
  }

  @ScenarioName("openai-chat-stream-early-close")
  private static void chatStreamEarlyClose(ScenarioContext ctx) {
    ChatCompletionCreateParams params =
        streamParamsWithUsage(ctx, "Count slowly from one to thirty.").build();
    ctx.print(
        "openai-chat-stream-early-close", "read 3 chunks: '" + streamedText(ctx, params, 3) + "'");
  }

  @ScenarioName("openai-chat-async")
  private static void chatAsync(ScenarioContext ctx) {
    OpenAIClientAsync client = asyncClient(ctx);
    CompletableFuture<ChatCompletion> future =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(ctx.chatModel())
                    .addUserMessage("Name three primary colours.")
                    .maxCompletionTokens(16)
                    .build());
    ctx.print("openai-chat-async", future.join().choices().get(0).message().content().orElse(""));
  }

  @ScenarioName("openai-chat-stream-async")
  private static void chatStreamAsync(ScenarioContext ctx) {
    OpenAIClientAsync client = asyncClient(ctx);
    ChatCompletionCreateParams params =
        streamParamsWithUsage(ctx, "Write a haiku about autumn.").build();
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params);
    stream.subscribe(
        chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    stream.onCompleteFuture().join();
    synchronized (text) {
      ctx.print("openai-chat-stream-async", text.toString());
    }
  }

  @ScenarioName("openai-completion")
  private static void completion(ScenarioContext ctx) {
    OpenAIClient client = client(ctx);
    Completion plain =
        client
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model(ctx.chatModel())
                    .prompt("Once upon a time")
                    .maxTokens(12)
                    .build());
    ctx.print("openai-completion", plain.choices().get(0).text());
    StringBuilder text = new StringBuilder();
    try (StreamResponse<Completion> stream =
        client
            .completions()
            .createStreaming(
                CompletionCreateParams.builder()
                    .model(ctx.chatModel())
                    .prompt("The quick brown fox")
                    .maxTokens(12)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream().forEach(c -> c.choices().forEach(choice -> text.append(choice.text())));
    }
    ctx.print("openai-completion", "streamed: " + text);
  }

  @ScenarioName("openai-embeddings")
  private static void embeddings(ScenarioContext ctx) {
    CreateEmbeddingResponse response =
        client(ctx)
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(ctx.embeddingModel())
                    .inputOfArrayOfStrings(List.of("a red apple", "a green pear"))
                    .build());
    ctx.print(
        "openai-embeddings",
        response.data().size()
            + " vectors of "
            + response.data().get(0).embedding().size()
            + " dimensions");
  }

  @ScenarioName("openai-prefix-cache")
  private static void prefixCache(ScenarioContext ctx) {
    OpenAIClient client = client(ctx);
    String policy =
        "You are the support assistant of Example Corp. "
            + "Our refund policy: ".repeat(1)
            + String.join(
                " ", Collections.nCopies(40, "refunds are processed within five business days."));
    for (String question :
        List.of("How long does a refund take?", "Can I get a refund for a gift?")) {
      ChatCompletion c =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model(ctx.chatModel())
                      .addSystemMessage(policy)
                      .addUserMessage(question)
                      .maxCompletionTokens(12)
                      .build());
      ctx.print("openai-prefix-cache", c.choices().get(0).message().content().orElse(""));
    }
  }

  static final String SECRET_PROMPT =
      "[[echo]] My key is sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12 and my mail is "
          + "jane.doe@example.com; header Authorization: Bearer abc.def.ghijklmnop";

  @ScenarioName("openai-redaction")
  private static void redaction(ScenarioContext ctx) {
    String answer = answer(ctx, question(ctx, SECRET_PROMPT).build());
    ctx.print("openai-redaction", "answered " + answer.length() + " chars");
  }

  @ScenarioName("openai-errors")
  private static void errors(ScenarioContext ctx) {
    // 500 ms: long enough for every answer, short enough for slow-first-byte:3000 to time out.
    OpenAIClient noRetry = noRetryClient(ctx, Duration.ofMillis(500));
    // The stream faults must reach their fault, not a timeout on a loaded machine.
    OpenAIClient noRetryStreams = noRetryClient(ctx, Duration.ofSeconds(30));
    for (String fault : List.of("429", "500", "slow-first-byte:3000")) {
      report(
          ctx,
          "chat fault " + fault,
          () ->
              noRetry
                  .chat()
                  .completions()
                  .create(
                      streamParams(ctx, "Trigger " + fault)
                          .putAdditionalHeader(FAULT_HEADER, fault)
                          .build()));
    }
    OpenAIClient refused =
        OpenAIOkHttpClient.builder().baseUrl(REFUSED_BASE_URL).apiKey("sk-x").maxRetries(0).build();
    report(
        ctx,
        "refused connection",
        () -> refused.chat().completions().create(streamParams(ctx, "hello").build()));
    for (String fault : List.of("cut-stream:3", "malformed-chunk:2", "429")) {
      report(
          ctx,
          "stream fault " + fault,
          () -> {
            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream =
                noRetryStreams
                    .chat()
                    .completions()
                    .createStreaming(
                        streamParams(ctx, "Stream with " + fault)
                            .putAdditionalHeader(FAULT_HEADER, fault)
                            .streamOptions(
                                ChatCompletionStreamOptions.builder().includeUsage(true).build())
                            .build())) {
              stream.stream()
                  .forEach(
                      chunk ->
                          chunk
                              .choices()
                              .forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
            return text.length() + " chars";
          });
    }
  }

  private static OpenAIClient noRetryClient(ScenarioContext ctx, Duration timeout) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(ctx.baseUrl())
        .apiKey("sk-testapp-0123456789abcdefghij")
        .maxRetries(0)
        .timeout(timeout)
        .build();
  }

  private static void report(ScenarioContext ctx, String what, Callable<?> call) {
    try {
      Object result = call.call();
      ctx.print("openai-errors", what + " -> ok " + describe(result));
    } catch (Exception e) {
      ctx.print("openai-errors", what + " -> " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /**
   * Waves of calls released together from their own threads, so the server sees each wave arrive at
   * once.
   */
  @ScenarioName("openai-burst")
  private static void burst(ScenarioContext ctx) throws InterruptedException {
    OpenAIClient client = client(ctx);
    ChatCompletionCreateParams params =
        streamParams(ctx, "[[tokens=24]] Give me a packing list for a weekend trip.")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    ExecutorService threads = Executors.newFixedThreadPool(BURST_CALLS);
    int done = 0;
    try {
      for (int wave = 0; wave < BURST_WAVES; wave++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < BURST_CALLS; i++) {
          calls.add(
              threads.submit(
                  () -> {
                    start.await();
                    return streamedChars(client, params);
                  }));
        }
        start.countDown();
        for (Future<Integer> call : calls) {
          try {
            call.get();
            done++;
          } catch (ExecutionException e) {
            ctx.print("openai-burst", "call failed: " + e.getCause());
          }
        }
      }
      ctx.print("openai-burst", done + " of " + BURST_WAVES * BURST_CALLS + " calls answered");
    } finally {
      threads.shutdownNow();
    }
  }

  /** Reads a streamed chat call to its end; returns the characters of content it carried. */
  static int streamedChars(OpenAIClient client, ChatCompletionCreateParams params) {
    int[] chars = {0};
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream()
          .forEach(
              chunk ->
                  chunk
                      .choices()
                      .forEach(c -> c.delta().content().ifPresent(t -> chars[0] += t.length())));
    }
    return chars[0];
  }

  private static String describe(Object result) {
    if (result instanceof ChatCompletion c) {
      return c.choices().get(0).message().content().orElse("");
    }
    return String.valueOf(result);
  }

  static Scenario scenario(String name, String description, ScenarioBody body) {
    return new Scenario() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public void run(ScenarioContext context) throws Exception {
        body.run(context);
      }
    };
  }

  @FunctionalInterface
  interface ScenarioBody {
    void run(ScenarioContext context) throws Exception;
  }
}
