package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonParseException;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.io.EOFException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulator as seen through the real openai-java SDK (OkHttp 4 underneath). */
class OpenAiSdkAgainstSimulatorTest extends AgainstSimulatorWithOpenAi {

  private static final String MODEL = "qwen2.5-7b-instruct";
  private static final String EMBEDDING_MODEL = "text-embedding-3-small";

  private static ChatCompletionCreateParams.Builder chat(String userMessage) {
    return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(userMessage);
  }

  private static ServedResponse onlyServed() {
    assertThat(sim.served()).hasSize(1);
    return sim.served().get(0);
  }

  @Test
  void baseUrlEndsWithV1SoTheSdkFindsTheEndpoints() {
    assertThat(sim.baseUrl())
        .matches("http://127\\.0\\.0\\.1:\\d+/v1")
        .endsWith(":" + sim.port() + "/v1");
  }

  @Test
  void chatCompletionReturnsAssistantMessageAndUsageMatchingWhatWasServed() {
    ChatCompletion completion =
        client.chat().completions().create(chat("Tell me about rivers.").build());

    ServedResponse served = onlyServed();
    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(completion.id()).isEqualTo(served.id()).startsWith("chatcmpl-");
    assertThat(completion.model()).isEqualTo(MODEL);
    assertThat(choice.message().content()).contains(served.outputText());
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(served.promptTokens());
    assertThat(completion.usage().orElseThrow().completionTokens())
        .isEqualTo(served.completionTokens());
    // "Tell me about rivers." = 5 tokens, + 4 per message, + 2 for the assistant primer.
    assertThat(served.promptTokens()).isEqualTo(11);
    assertThat(served.completionTokens()).isBetween(16, 64);
    assertThat(served.endpoint()).isEqualTo(ServedResponse.CHAT);
    assertThat(served.stream()).isFalse();
  }

  @Test
  void contentPartArraysAreReadAsText() {
    ChatCompletionUserMessageParam message =
        ChatCompletionUserMessageParam.builder()
            .contentOfArrayOfContentParts(
                List.of(
                    ChatCompletionContentPart.ofText(
                        ChatCompletionContentPartText.builder().text("[[echo]] part one").build())))
            .build();

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(ChatCompletionCreateParams.builder().model(MODEL).addMessage(message).build());

    assertThat(completion.choices().get(0).message().content()).contains("part one");
  }

  @Test
  void streamingChatWithIncludeUsageDeliversTokensThenAUsageChunk() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    ChatCompletionCreateParams params =
        chat("Stream me something.")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }

    ServedResponse served = onlyServed();
    String text =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .map(c -> c.delta().content().orElse(""))
            .collect(Collectors.joining());
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(text).isEqualTo(served.outputText());
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(served.completionTokens());
    assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(served.promptTokens());
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(c -> assertThat(c.usage()).isEmpty());
    assertThat(served.stream()).isTrue();
    assertThat(served.includeUsage()).isTrue();
    assertThat(served.chunkCount()).isEqualTo(chunks.size());
  }

  @Test
  void legacyCompletionReturnsTextChoice() {
    Completion completion =
        client
            .completions()
            .create(
                CompletionCreateParams.builder().model(MODEL).prompt("Once upon a time").build());

    ServedResponse served = onlyServed();
    assertThat(completion.id()).isEqualTo(served.id()).startsWith("cmpl-");
    assertThat(completion.choices().get(0).text()).isEqualTo(served.outputText());
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(CompletionChoice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(4);
    assertThat(served.endpoint()).isEqualTo(ServedResponse.TEXT_COMPLETION);
  }

  @Test
  void legacyStreamingCompletionConcatenatesToServedText() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<Completion> stream =
        client
            .completions()
            .createStreaming(
                CompletionCreateParams.builder().model(MODEL).prompt("Stream a story").build())) {
      stream.stream().forEach(c -> c.choices().forEach(choice -> text.append(choice.text())));
    }

    assertThat(text.toString()).isEqualTo(onlyServed().outputText());
  }

  @Test
  void sdkRequestsBase64EmbeddingsByDefaultAndDecodesThemToAUnitVector() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(EMBEDDING_MODEL)
                    .input("hello world")
                    .build());

    assertThat(response.data().get(0).embeddingValue().isBase64()).isTrue();
    List<Float> vector = response.data().get(0).embedding();
    assertThat(vector).hasSize(64);
    assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
    assertThat(response.usage().promptTokens()).isEqualTo(2);
    assertThat(onlyServed().endpoint()).isEqualTo(ServedResponse.EMBEDDINGS);
  }

  @Test
  void floatAndBase64EmbeddingsOfTheSameTextAreEqual() {
    EmbeddingCreateParams base64 =
        EmbeddingCreateParams.builder()
            .model(EMBEDDING_MODEL)
            .input("the quick brown fox")
            .dimensions(32)
            .build();
    EmbeddingCreateParams floats =
        base64.toBuilder().encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build();

    List<Float> a = client.embeddings().create(base64).data().get(0).embedding();
    CreateEmbeddingResponse b = client.embeddings().create(floats);

    assertThat(b.data().get(0).embeddingValue().isFloats()).isTrue();
    assertThat(b.data().get(0).embedding()).hasSize(32).isEqualTo(a);
  }

  @Test
  void embeddingsOfSimilarTextsAreCloserThanOfUnrelatedTexts() {
    List<List<Float>> v =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(EMBEDDING_MODEL)
                    .inputOfArrayOfStrings(
                        List.of(
                            "the cat sat on the mat",
                            "the cat sat on a mat",
                            "quantum chromodynamics lecture notes"))
                    .build())
            .data()
            .stream()
            .map(e -> e.embedding())
            .collect(Collectors.toList());

    assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)));
  }

  @Test
  void rateLimitFaultHeaderMakesSdkThrowRateLimitException() {
    ChatCompletionCreateParams params = chatWithFault("429");

    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("Rate limit");
    assertThat(onlyServed().fault()).isEqualTo(Fault.RATE_LIMIT_429);
    assertThat(onlyServed().httpStatus()).isEqualTo(429);
  }

  @Test
  void queuedServerErrorMakesSdkThrowInternalServerExceptionOnce() {
    sim.enqueueFaults(Fault.SERVER_ERROR_500);

    assertThatThrownBy(() -> client.chat().completions().create(chat("hi").build()))
        .isInstanceOf(InternalServerException.class);
    assertThat(client.chat().completions().create(chat("hi").build()).choices()).hasSize(1);
    assertThat(sim.served())
        .extracting(ServedResponse::fault)
        .containsExactly(Fault.SERVER_ERROR_500, null);
  }

  @Test
  void cutStreamMakesSdkThrowOpenAiIoExceptionWhileIterating() {
    ChatCompletionCreateParams params = chatWithFault("cut-stream:3");
    StringBuilder received = new StringBuilder();

    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  client.chat().completions().createStreaming(params)) {
                stream.stream()
                    .forEach(
                        c ->
                            c.choices()
                                .forEach(ch -> received.append(ch.delta().content().orElse(""))));
              }
            })
        .isInstanceOf(OpenAIIoException.class)
        .hasRootCauseInstanceOf(EOFException.class);

    ServedResponse served = onlyServed();
    assertThat(served.completionTokens()).isEqualTo(3);
    assertThat(served.finishReason()).isNull();
    assertThat(received.toString()).isEqualTo(served.outputText());
  }

  @Test
  void cutNonStreamingResponseMakesSdkThrowInvalidDataFromUnexpectedEndOfStream() {
    ChatCompletionCreateParams params = chatWithFault("cut-stream:0");

    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOf(OpenAIInvalidDataException.class)
        .hasRootCauseInstanceOf(ProtocolException.class);
  }

  /**
   * Documents openai-java 4.101.0: it does not skip an unparseable SSE event, it aborts the stream
   * with {@link OpenAIInvalidDataException} (cause: Jackson's JsonParseException) at that event.
   */
  @Test
  void malformedChunkMakesSdkThrowInvalidDataAtThatChunk() {
    ChatCompletionCreateParams params = chatWithFault("malformed-chunk:2");
    List<ChatCompletionChunk> before = new ArrayList<>();

    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(before::add);
              }
            })
        .isInstanceOf(OpenAIInvalidDataException.class)
        .hasRootCauseInstanceOf(JsonParseException.class);
    // role chunk + content chunk 1 arrive; the broken event sits where content chunk 2 would be.
    assertThat(before).hasSize(2);
  }

  /** A short chat request carrying the {@code X-Sim-Fault} header. */
  private static ChatCompletionCreateParams chatWithFault(String fault) {
    return chat("hi").putAdditionalHeader("X-Sim-Fault", fault).build();
  }

  private static String content(ChatCompletionCreateParams params) {
    return client
        .chat()
        .completions()
        .create(params)
        .choices()
        .get(0)
        .message()
        .content()
        .orElseThrow();
  }

  @Test
  void identicalRequestsGetIdenticalContent() {
    ChatCompletionCreateParams params = chat("Determinism, please.").build();

    String first = content(params);
    String second = content(params);

    assertThat(second).isEqualTo(first);
  }

  @Test
  @SuppressWarnings("deprecation") // OpenAI deprecated `seed`, vLLM still honours it
  void differentRequestSeedsGiveDifferentContent() {
    String a = content(chat("Seeded").seed(1).build());
    String b = content(chat("Seeded").seed(2).build());

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void secondRequestSharingALongPrefixReportsCachedTokensInBlocksOf16() {
    String system = "You are a meticulous assistant. ".repeat(10);
    ChatCompletionCreateParams.Builder base =
        ChatCompletionCreateParams.builder().model(MODEL).addSystemMessage(system);
    client
        .chat()
        .completions()
        .create(base.build().toBuilder().addUserMessage("first question").build());
    ChatCompletion second =
        client
            .chat()
            .completions()
            .create(base.build().toBuilder().addUserMessage("second question").build());

    long cached =
        second
            .usage()
            .orElseThrow()
            .promptTokensDetails()
            .orElseThrow()
            .cachedTokens()
            .orElseThrow();
    assertThat(cached).isPositive();
    assertThat(cached % 16).isZero();
    assertThat(sim.served().get(1).cachedTokens()).isEqualTo((int) cached);
    assertThat(sim.served().get(0).cachedTokens()).isZero();
  }

  @Test
  void logprobsArePresentWithTopAlternativesWhenRequested() {
    ChatCompletion completion =
        client.chat().completions().create(chat("logprobs").logprobs(true).topLogprobs(3).build());

    List<ChatCompletionTokenLogprob> content =
        completion.choices().get(0).logprobs().orElseThrow().content().orElseThrow();
    assertThat(content).hasSize(onlyServed().completionTokens());
    assertThat(content).allSatisfy(t -> assertThat(t.logprob()).isBetween(-5.0, 0.0));
    assertThat(content).allSatisfy(t -> assertThat(t.topLogprobs()).hasSize(3));
    assertThat(content).anySatisfy(t -> assertThat(t.logprob()).isLessThan(-2.3));
    assertThat(onlyServed().logprobsReturned()).isTrue();
  }

  @Test
  void logprobsAreAbsentUnlessRequested() {
    ChatCompletion completion = client.chat().completions().create(chat("no logprobs").build());

    assertThat(completion.choices().get(0).logprobs()).isEmpty();
    assertThat(onlyServed().logprobsReturned()).isFalse();
  }

  @Test
  void nOfTwoReturnsTwoDistinctChoices() {
    ChatCompletion completion =
        client.chat().completions().create(chat("two answers").n(2).build());

    assertThat(completion.choices())
        .extracting(ChatCompletion.Choice::index)
        .containsExactly(0L, 1L);
    assertThat(completion.choices().get(0).message().content())
        .isNotEqualTo(completion.choices().get(1).message().content());
    assertThat(onlyServed().choiceTexts()).hasSize(2);
    assertThat(completion.usage().orElseThrow().completionTokens())
        .isEqualTo(onlyServed().completionTokens());
  }

  @Test
  void stopSequenceTruncatesOutputBeforeItAndFinishesWithStop() {
    String full = content(chat("stop test").build());
    String[] words = full.split(" ");
    String stop = " " + words[words.length / 2];

    ChatCompletion stopped =
        client.chat().completions().create(chat("stop test").stop(stop).build());

    assertThat(stopped.choices().get(0).message().content())
        .contains(full.substring(0, full.indexOf(stop)));
    assertThat(stopped.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
  }

  @Test
  void maxTokensCapCutsOutputAndFinishesWithLength() {
    ChatCompletion completion =
        client.chat().completions().create(chat("long answer").maxCompletionTokens(5).build());

    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(onlyServed().finishReason()).isEqualTo("length");
  }

  @Test
  void echoMarkerReturnsTheUserTextWithoutTheMarker() {
    ChatCompletion completion =
        client.chat().completions().create(chat("[[echo]] my card is 4111-1111").build());

    assertThat(completion.choices().get(0).message().content()).contains("my card is 4111-1111");
  }

  @Test
  void tokensMarkerForcesExactOutputLength() {
    ChatCompletion completion =
        client.chat().completions().create(chat("give me [[tokens=100]]").build());

    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(100);
    assertThat(Tokenizer.count(completion.choices().get(0).message().content().orElseThrow()))
        .isEqualTo(100);
  }

  @Test
  void modelsEndpointListsConfiguredModels() {
    List<String> ids =
        client.models().list().data().stream().map(Model::id).collect(Collectors.toList());

    assertThat(ids).containsExactly(MODEL, EMBEDDING_MODEL);
  }

  private static double norm(List<Float> v) {
    return Math.sqrt(dot(v, v));
  }

  private static double dot(List<Float> a, List<Float> b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += a.get(i) * b.get(i);
    }
    return s;
  }
}
