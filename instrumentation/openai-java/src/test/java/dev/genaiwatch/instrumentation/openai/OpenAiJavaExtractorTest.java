package dev.genaiwatch.instrumentation.openai;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiWatchAttributes;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiJavaExtractorTest {
  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  private static ChatCompletionCreateParams.Builder chatParams() {
    return ChatCompletionCreateParams.builder()
        .model("qwen2.5-7b-instruct")
        .addUserMessage("What is the capital of France?");
  }

  private static LlmCall request(Object params) throws Throwable {
    return OpenAiJavaExtractor.request(params, null, false, true);
  }

  /** The extractor only reads the base URL; this client never sends anything. */
  private static final class NoNetworkHttpClient implements HttpClient {
    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
      throw new UnsupportedOperationException("no network in unit tests");
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(
        HttpRequest request, RequestOptions requestOptions) {
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException("no network in unit tests"));
    }

    @Override
    public void close() {}
  }

  // ---- requests
  // ----------------------------------------------------------------------------------

  @Nested
  class ChatRequests {
    @Test
    void everyParameterIsExtracted() throws Throwable {
      LlmCall call =
          OpenAiJavaExtractor.request(
              chatParams()
                  .maxCompletionTokens(256L)
                  .temperature(0.2)
                  .topP(0.9)
                  .frequencyPenalty(0.5)
                  .presencePenalty(-0.5)
                  .seed(7L)
                  .n(2L)
                  .stop(ChatCompletionCreateParams.Stop.ofStrings(List.of("\n\n", "END")))
                  .build(),
              null,
              true,
              true);

      StreamedChatRequest.assertRead(call, "qwen2.5-7b-instruct", 256L, 0.2, 0.9);
      assertThat(call.frequencyPenalty).isEqualTo(0.5);
      assertThat(call.presencePenalty).isEqualTo(-0.5);
      assertThat(call.seed).isEqualTo(7L);
      assertThat(call.choiceCount).isEqualTo(2L);
      assertThat(call.stopSequences).containsExactly("\n\n", "END");
    }

    @Test
    void parametersNotSetAreNull() throws Throwable {
      LlmCall call = request(chatParams().build());

      assertThat(call.maxTokens).isNull();
      assertThat(call.temperature).isNull();
      assertThat(call.topP).isNull();
      assertThat(call.frequencyPenalty).isNull();
      assertThat(call.presencePenalty).isNull();
      assertThat(call.seed).isNull();
      assertThat(call.choiceCount).isNull();
      assertThat(call.stopSequences).isNull();
      assertThat(call.serverAddress).isNull();
    }

    @Test
    void stopAsAStringIsOneStopSequence() throws Throwable {
      assertThat(request(chatParams().stop("###").build()).stopSequences).containsExactly("###");
    }

    @Test
    void stopAsAListKeepsItsOrder() throws Throwable {
      LlmCall call =
          request(
              chatParams()
                  .stop(ChatCompletionCreateParams.Stop.ofStrings(List.of("b", "a")))
                  .build());

      assertThat(call.stopSequences).containsExactly("b", "a");
    }

    @Test
    void maxCompletionTokensIsPreferredOverMaxTokens() throws Throwable {
      LlmCall call = request(chatParams().maxTokens(100L).maxCompletionTokens(256L).build());

      assertThat(call.maxTokens).isEqualTo(256L);
    }

    @Test
    void maxTokensIsUsedWhenMaxCompletionTokensIsNotSet() throws Throwable {
      assertThat(request(chatParams().maxTokens(100L).build()).maxTokens).isEqualTo(100L);
    }

    @Test
    void knownModelEnumIsRecordedByItsWireName() throws Throwable {
      LlmCall call =
          request(
              ChatCompletionCreateParams.builder()
                  .model(com.openai.models.ChatModel.GPT_4O_MINI)
                  .addUserMessage("hi")
                  .build());

      assertThat(call.requestModel).isEqualTo("gpt-4o-mini");
    }

    @Test
    void messagesAreCapturedWithSystemInstructionsApart() throws Throwable {
      LlmCall call =
          request(
              ChatCompletionCreateParams.builder()
                  .model("qwen2.5-7b-instruct")
                  .addSystemMessage("Be terse.")
                  .addDeveloperMessage("Answer in English.")
                  .addUserMessage("What is the capital of France?")
                  .build());

      assertThat(call.systemInstructions).containsExactly("Be terse.", "Answer in English.");
      assertThat(call.inputMessages)
          .containsExactly(GenAiMessage.text("user", "What is the capital of France?"));
    }

    @Test
    void toolCallsAndToolResponsesAreCaptured() throws Throwable {
      ChatCompletionMessageParam assistant =
          SdkJson.parse(
              """
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}""",
              ChatCompletionMessageParam.class);
      ChatCompletionMessageParam tool =
          SdkJson.parse(
              "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18C\"}",
              ChatCompletionMessageParam.class);

      LlmCall call = request(chatParams().addMessage(assistant).addMessage(tool).build());

      assertThat(call.inputMessages).hasSize(3);
      assertThat(call.inputMessages.get(1).parts())
          .containsExactly(MessagePart.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
      assertThat(call.inputMessages.get(2).parts())
          .containsExactly(MessagePart.toolCallResponse("call_1", "18C"));
    }

    @Test
    void messagesAreNotReadWhenCaptureIsOff() throws Throwable {
      LlmCall call =
          OpenAiJavaExtractor.request(
              chatParams().addSystemMessage("secret prompt").build(), null, false, false);

      assertThat(call.inputMessages).isNull();
      assertThat(call.systemInstructions).isNull();
    }

    @Test
    void serverEndpointComesFromTheClientOptions() throws Throwable {
      ClientOptions options =
          ClientOptions.builder()
              .httpClient(new NoNetworkHttpClient())
              .apiKey("sk-test-not-a-real-key-000000")
              .baseUrl("http://vllm.internal:8000/v1")
              .build();

      LlmCall call = OpenAiJavaExtractor.request(chatParams().build(), options, false, true);

      assertThat(call.serverAddress).isEqualTo("vllm.internal");
      assertThat(call.serverPort).isEqualTo(8000L);
      assertThat(call.provider).isEqualTo("openai");
    }

    @Test
    void defaultClientOptionsPointAtOpenAi() throws Throwable {
      ClientOptions options =
          ClientOptions.builder()
              .httpClient(new NoNetworkHttpClient())
              .apiKey("sk-test-not-a-real-key-000000")
              .build();

      LlmCall call = OpenAiJavaExtractor.request(chatParams().build(), options, false, true);

      assertThat(call.serverAddress).isEqualTo("api.openai.com");
      assertThat(call.serverPort).isEqualTo(443L);
    }
  }

  @Nested
  class OtherRequests {
    @Test
    void textCompletionParametersAndPromptAreExtracted() throws Throwable {
      LlmCall call =
          request(
              CompletionCreateParams.builder()
                  .model("Qwen/Qwen2.5-7B")
                  .prompt("Once upon a time")
                  .maxTokens(64L)
                  .temperature(0.7)
                  .topP(0.95)
                  .seed(3L)
                  .n(1L)
                  .stop("\n")
                  .build());

      assertThat(call.operation).isEqualTo("text_completion");
      assertThat(call.requestModel).isEqualTo("Qwen/Qwen2.5-7B");
      assertThat(call.maxTokens).isEqualTo(64L);
      assertThat(call.temperature).isEqualTo(0.7);
      assertThat(call.topP).isEqualTo(0.95);
      assertThat(call.seed).isEqualTo(3L);
      assertThat(call.choiceCount).isEqualTo(1L);
      assertThat(call.stopSequences).containsExactly("\n");
      assertThat(call.inputMessages).containsExactly(GenAiMessage.text("user", "Once upon a time"));
    }

    @Test
    void textCompletionPromptListBecomesOneUserMessageEach() throws Throwable {
      LlmCall call =
          request(
              CompletionCreateParams.builder()
                  .model("Qwen/Qwen2.5-7B")
                  .prompt(
                      CompletionCreateParams.Prompt.ofArrayOfStrings(List.of("first", "second")))
                  .build());

      assertThat(call.inputMessages)
          .containsExactly(GenAiMessage.text("user", "first"), GenAiMessage.text("user", "second"));
    }

    @Test
    void textCompletionTokenPromptHasNoTextToCapture() throws Throwable {
      LlmCall call =
          request(
              CompletionCreateParams.builder()
                  .model("Qwen/Qwen2.5-7B")
                  .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(List.of(101L, 102L)))
                  .build());

      assertThat(call.inputMessages).isEmpty();
    }

    @Test
    void embeddingsRequestIsOperationAndModel() throws Throwable {
      LlmCall call =
          request(
              EmbeddingCreateParams.builder()
                  .model("BAAI/bge-small-en-v1.5")
                  .input("hello")
                  .build());

      assertThat(call.operation).isEqualTo("embeddings");
      assertThat(call.requestModel).isEqualTo("BAAI/bge-small-en-v1.5");
      assertThat(call.inputMessages).isNull();
    }

    @Test
    void unknownParamsAreNotACall() throws Throwable {
      assertThat(request("not params")).isNull();
    }
  }

  // ---- responses
  // ---------------------------------------------------------------------------------

  private static final String VLLM_COMPLETION =
      """
      {"id":"chatcmpl-b1c2","object":"chat.completion","created":1733000000,"model":"Qwen/Qwen2.5-7B-Instruct",
       "choices":[{"index":0,"message":{"role":"assistant","reasoning_content":null,"content":"Paris.","tool_calls":[]},
         "logprobs":null,"finish_reason":"stop","stop_reason":null}],
       "usage":{"prompt_tokens":25,"total_tokens":28,"completion_tokens":3,"prompt_tokens_details":null},
       "prompt_logprobs":null}""";

  private Attributes endWithResponse(Object response) throws Throwable {
    ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, false);
    OpenAiJavaExtractor.response(response, active);
    active.end();
    return telemetry.onlySpan().getAttributes();
  }

  @Nested
  class Responses {
    @Test
    void vllmChatCompletionFillsTheResponseAttributes() throws Throwable {
      Attributes a = endWithResponse(SdkJson.parse(VLLM_COMPLETION, ChatCompletion.class));

      assertThat(a.get(GEN_AI_RESPONSE_ID)).isEqualTo("chatcmpl-b1c2");
      assertThat(a.get(GEN_AI_RESPONSE_MODEL)).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
      assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop");
      assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(25L);
      assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(3L);
    }

    @Test
    void nullPromptTokensDetailsLeavesCacheReadAbsent() throws Throwable {
      Attributes a = endWithResponse(SdkJson.parse(VLLM_COMPLETION, ChatCompletion.class));

      assertThat(a.get(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)).isNull();
      assertThat(a.get(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS)).isNull();
    }

    @Test
    void cachedAndReasoningTokensAreRead() throws Throwable {
      Attributes a =
          endWithResponse(
              SdkJson.parse(
                  """
          {"id":"chatcmpl-1","object":"chat.completion","created":1733000000,"model":"o3-mini-2025-01-31",
           "system_fingerprint":"fp_1","choices":[{"index":0,"message":{"role":"assistant","content":"42",
           "refusal":null},"logprobs":null,"finish_reason":"stop"}],
           "usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,
             "prompt_tokens_details":{"cached_tokens":1536,"audio_tokens":0},
             "completion_tokens_details":{"reasoning_tokens":256,"audio_tokens":0}}}""",
                  ChatCompletion.class));

      assertThat(a.get(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1536L);
      assertThat(a.get(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(256L);
    }

    @Test
    void responseWithoutUsageHasNoUsageAttributesAndStillEnds() throws Throwable {
      Attributes a =
          endWithResponse(
              SdkJson.parse(
                  """
          {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"m",
           "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""",
                  ChatCompletion.class));

      assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isNull();
      assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isNull();
      assertThat(a.get(GEN_AI_RESPONSE_ID)).isEqualTo("chatcmpl-2");
    }

    @Test
    void responseMissingIdAndModelStillYieldsTheRest() throws Throwable {
      Attributes a =
          endWithResponse(
              SdkJson.parse(
                  """
          {"object":"chat.completion","created":1,
           "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"length"}],
           "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""",
                  ChatCompletion.class));

      assertThat(a.get(GEN_AI_RESPONSE_ID)).isNull();
      assertThat(a.get(GEN_AI_RESPONSE_MODEL)).isNull();
      assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("length");
      assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(1L);
    }

    @Test
    void outputMessageIsCapturedWhenCaptureIsOn() throws Throwable {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, false);
      OpenAiJavaExtractor.response(SdkJson.parse(VLLM_COMPLETION, ChatCompletion.class), active);

      assertThat(active.call().outputMessages)
          .containsExactly(
              new GenAiMessage("assistant", List.of(MessagePart.text("Paris.")), "stop"));
      active.end();
    }

    @Test
    void refusalIsCapturedAsTheOutputText() throws Throwable {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, false);
      OpenAiJavaExtractor.response(
          SdkJson.parse(
              """
          {"id":"c","object":"chat.completion","created":1,"model":"gpt-4o",
           "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
           "logprobs":null,"finish_reason":"stop"}]}""",
              ChatCompletion.class),
          active);

      assertThat(active.call().outputMessages.get(0).parts())
          .containsExactly(MessagePart.text("I can't help with that."));
      active.end();
    }

    @Test
    void outputMessageIsNotCapturedWhenCaptureIsOff() throws Throwable {
      telemetry.close();
      try (TestTelemetry captureOff = TestTelemetry.install(false)) {
        ActiveLlmCall active = captureOff.startChat(OpenAiJavaInstrumentationModule.NAME, false);
        OpenAiJavaExtractor.response(SdkJson.parse(VLLM_COMPLETION, ChatCompletion.class), active);

        assertThat(active.call().outputMessages).isNull();
        assertThat(active.call().finishReasons).containsExactly("stop");
        active.end();
      }
    }

    @Test
    void everyChoiceContributesItsFinishReasonInOrder() throws Throwable {
      Attributes a =
          endWithResponse(
              SdkJson.parse(
                  """
          {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[
            {"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop"},
            {"index":1,"message":{"role":"assistant","content":"b"},"finish_reason":"length"}]}""",
                  ChatCompletion.class));

      assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop", "length");
    }

    @Test
    void logprobsAreSummarised() throws Throwable {
      Attributes a =
          endWithResponse(
              SdkJson.parse(
                  """
          {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
            "message":{"role":"assistant","content":"Yes no"},"finish_reason":"stop",
            "logprobs":{"content":[
              {"token":"Yes","logprob":-0.1,"bytes":[89,101,115],"top_logprobs":[]},
              {"token":" no","logprob":-3.0,"bytes":[32,110,111],"top_logprobs":[]},
              {"token":".","logprob":-0.5,"bytes":[46],"top_logprobs":[]}]}}]}""",
                  ChatCompletion.class));

      assertThat(a.get(GenAiWatchAttributes.LOGPROBS_MEAN)).isCloseTo(-1.2, within(1e-9));
      assertThat(a.get(GenAiWatchAttributes.LOGPROBS_MIN)).isEqualTo(-3.0);
      assertThat(a.get(GenAiWatchAttributes.LOGPROBS_LOW_CONFIDENCE_TOKENS)).isEqualTo(1L);
    }

    @Test
    void textCompletionResponseIsRead() throws Throwable {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, false);
      OpenAiJavaExtractor.response(
          SdkJson.parse(
              """
          {"id":"cmpl-9","object":"text_completion","created":1,"model":"Qwen/Qwen2.5-7B",
           "choices":[{"index":0,"text":" there was a fox","logprobs":null,"finish_reason":"length"}],
           "usage":{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9}}""",
              Completion.class),
          active);
      active.end();

      Attributes a = telemetry.onlySpan().getAttributes();
      assertThat(a.get(GEN_AI_RESPONSE_ID)).isEqualTo("cmpl-9");
      assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("length");
      assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(5L);
      assertThat(active.call().outputMessages)
          .containsExactly(
              new GenAiMessage(
                  "assistant", List.of(MessagePart.text(" there was a fox")), "length"));
    }

    @Test
    void embeddingsResponseGivesModelAndInputTokens() throws Throwable {
      Attributes a =
          endWithResponse(
              SdkJson.parse(
                  """
          {"object":"list","model":"BAAI/bge-small-en-v1.5",
           "data":[{"object":"embedding","index":0,"embedding":[0.1,-0.2]}],
           "usage":{"prompt_tokens":3,"total_tokens":3}}""",
                  CreateEmbeddingResponse.class));

      assertThat(a.get(GEN_AI_RESPONSE_MODEL)).isEqualTo("BAAI/bge-small-en-v1.5");
      assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(3L);
    }

    @Test
    void unknownResponseTypeIsIgnored() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, false);

      assertThatCode(() -> OpenAiJavaExtractor.response("not a response", active))
          .doesNotThrowAnyException();
      assertThat(active.call().responseId).isNull();
      active.end();
    }
  }

  // ---- stream chunks
  // -----------------------------------------------------------------------------

  @Nested
  class Chunks {
    @Test
    void roleChunkIsNotContent() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(VllmChunks.role(), active);

      assertThat(active.timer().chunks()).isEqualTo(1);
      assertThat(active.timer().contentChunks()).isZero();
      active.end();
    }

    @Test
    void firstChunkGivesResponseIdAndModel() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(VllmChunks.role(), active);

      assertThat(active.call().responseId).isEqualTo("chatcmpl-7f3a");
      assertThat(active.call().responseModel).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
      active.end();
    }

    @Test
    void contentChunksAreTimedAndTheirTextCollected() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(VllmChunks.text("Hel"), active);
      OpenAiJavaExtractor.chunk(VllmChunks.text("lo"), active);

      assertThat(active.timer().contentChunks()).isEqualTo(2);
      assertThat(active.streamedOutput().messages().get(0).parts())
          .containsExactly(MessagePart.text("Hello"));
      active.end();
    }

    @Test
    void wholeVllmStreamBecomesTheSpan() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      VllmChunks.helloWorld().forEach(c -> OpenAiJavaExtractor.chunk(c, active));
      active.end();

      Attributes a = telemetry.onlySpan().getAttributes();
      assertThat(a.get(GEN_AI_RESPONSE_ID)).isEqualTo("chatcmpl-7f3a");
      assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop");
      assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(12L);
      assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(3L);
      assertThat(a.get(GenAiWatchAttributes.USAGE_ESTIMATED)).isNull();
      assertThat(a.get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(6L);
      assertThat(a.get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isNotNull();
      assertThat(a.get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES)).contains("\"Hello world\"");
    }

    @Test
    void usageChunkWithEmptyChoicesSetsUsageWithoutCountingContent() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(VllmChunks.usage(12, 3), active);

      assertThat(active.call().inputTokens).isEqualTo(12L);
      assertThat(active.call().outputTokens).isEqualTo(3L);
      assertThat(active.timer().chunks()).isEqualTo(1);
      assertThat(active.timer().contentChunks()).isZero();
      active.end();
    }

    @Test
    void streamWithoutUsageChunkIsEstimatedFromContentChunks() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      List.of(
              VllmChunks.role(),
              VllmChunks.text("a"),
              VllmChunks.text("b"),
              VllmChunks.finish("stop"))
          .forEach(c -> OpenAiJavaExtractor.chunk(c, active));
      active.end();

      Attributes a = telemetry.onlySpan().getAttributes();
      assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(2L);
      assertThat(a.get(GenAiWatchAttributes.USAGE_ESTIMATED)).isTrue();
    }

    @Test
    void finishReasonChunkFinishesTheChoice() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(VllmChunks.finish("length"), active);

      assertThat(active.streamedOutput().finishReasons()).containsExactly("length");
      active.end();
    }

    @Test
    void toolCallDeltaCountsAsContent() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(
          VllmChunks.chunk(
              """
          "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function",
            "function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]"""),
          active);

      assertThat(active.timer().contentChunks()).isEqualTo(1);
      active.end();
    }

    @Test
    void chunkLogprobsAreSummarised() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(
          VllmChunks.chunk(
              """
          "choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null,
            "logprobs":{"content":[{"token":"Hi","logprob":-2.5,"bytes":[72,105],"top_logprobs":[]}]}}]"""),
          active);
      OpenAiJavaExtractor.chunk(
          VllmChunks.chunk(
              """
          "choices":[{"index":0,"delta":{"content":"!"},"finish_reason":null,
            "logprobs":{"content":[{"token":"!","logprob":-0.5,"bytes":[33],"top_logprobs":[]}]}}]"""),
          active);
      active.end();

      Attributes a = telemetry.onlySpan().getAttributes();
      assertThat(a.get(GenAiWatchAttributes.LOGPROBS_MEAN)).isCloseTo(-1.5, within(1e-9));
      assertThat(a.get(GenAiWatchAttributes.LOGPROBS_MIN)).isEqualTo(-2.5);
      assertThat(a.get(GenAiWatchAttributes.LOGPROBS_LOW_CONFIDENCE_TOKENS)).isEqualTo(1L);
    }

    @Test
    void chunksOfSeveralChoicesAreKeptApart() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      OpenAiJavaExtractor.chunk(
          VllmChunks.chunk(
              """
          "choices":[{"index":0,"delta":{"content":"A"},"finish_reason":null},
                     {"index":1,"delta":{"content":"B"},"finish_reason":null}]"""),
          active);
      OpenAiJavaExtractor.chunk(
          VllmChunks.chunk(
              """
          "choices":[{"index":1,"delta":{"content":""},"finish_reason":"length"},
                     {"index":0,"delta":{"content":""},"finish_reason":"stop"}]"""),
          active);

      assertThat(active.streamedOutput().messages())
          .containsExactly(
              new GenAiMessage("assistant", List.of(MessagePart.text("A")), "stop"),
              new GenAiMessage("assistant", List.of(MessagePart.text("B")), "length"));
      active.end();
      assertThat(telemetry.onlySpan().getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
          .containsExactly("stop", "length");
    }

    @Test
    void legacyCompletionChunksAreReadToo() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      Completion chunk =
          SdkJson.parse(
              """
          {"id":"cmpl-s","object":"text_completion","created":1,"model":"Qwen/Qwen2.5-7B",
           "choices":[{"index":0,"text":"Once","logprobs":null,"finish_reason":null}]}""",
              Completion.class);
      OpenAiJavaExtractor.chunk(chunk, active);

      assertThat(active.timer().contentChunks()).isEqualTo(1);
      assertThat(active.call().responseId).isEqualTo("cmpl-s");
      assertThat(active.streamedOutput().messages().get(0).parts())
          .containsExactly(MessagePart.text("Once"));
      active.end();
    }

    @Test
    void chunkWithUnexpectedShapeStillCountsAsAChunk() {
      ActiveLlmCall active = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
      ChatCompletionChunk odd = VllmChunks.chunk("\"choices\":[{\"index\":0,\"delta\":{}}]");

      OpenAiJavaExtractor.chunk(odd, active);

      assertThat(active.timer().chunks()).isEqualTo(1);
      assertThat(active.timer().contentChunks()).isZero();
      active.end();
    }
  }

  // ---- error types
  // -------------------------------------------------------------------------------

  @Nested
  class ErrorTypes {
    @Test
    void rateLimitIsHttpStatus429() {
      RateLimitException e =
          RateLimitException.builder().headers(Headers.builder().build()).build();

      assertThat(OpenAiJavaExtractor.errorType(e)).isEqualTo("429");
    }

    @Test
    void serverErrorIsItsHttpStatus() {
      InternalServerException e =
          InternalServerException.builder()
              .statusCode(503)
              .headers(Headers.builder().build())
              .build();

      assertThat(OpenAiJavaExtractor.errorType(e)).isEqualTo("503");
    }

    @Test
    void socketTimeoutCauseIsTimeout() {
      OpenAIIoException e =
          new OpenAIIoException("Request failed", new SocketTimeoutException("Read timed out"));

      assertThat(OpenAiJavaExtractor.errorType(e)).isEqualTo("timeout");
    }

    @Test
    void deeplyWrappedTimeoutIsTimeout() {
      RuntimeException e =
          new RuntimeException(new IllegalStateException(new SocketTimeoutException()));

      assertThat(OpenAiJavaExtractor.errorType(e)).isEqualTo("timeout");
    }

    @Test
    void jdkHttpClientTimeoutIsTimeout() {
      assertThat(
              OpenAiJavaExtractor.errorType(
                  new OpenAIIoException("x", new HttpTimeoutException("request timed out"))))
          .isEqualTo("timeout");
    }

    @Test
    void futureTimeoutIsTimeout() {
      assertThat(OpenAiJavaExtractor.errorType(new TimeoutException())).isEqualTo("timeout");
    }

    @Test
    void okHttpCallTimeoutIsTimeout() {
      assertThat(
              OpenAiJavaExtractor.errorType(
                  new OpenAIIoException("x", new InterruptedIOException("timeout"))))
          .isEqualTo("timeout");
    }

    @Test
    void interruptionThatIsNotATimeoutIsItsClass() {
      assertThat(OpenAiJavaExtractor.errorType(new InterruptedIOException("interrupted")))
          .isEqualTo("java.io.InterruptedIOException");
    }

    @Test
    void anyOtherFailureIsItsClassName() {
      assertThat(OpenAiJavaExtractor.errorType(new IllegalStateException("boom")))
          .isEqualTo("java.lang.IllegalStateException");
      assertThat(OpenAiJavaExtractor.errorType(new OpenAIIoException("connection refused")))
          .isEqualTo("com.openai.errors.OpenAIIoException");
    }
  }
}
