package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatchAttributes;
import dev.genaiwatch.core.testing.TestTelemetry;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TracingStreamingHandlerTest {
  private static final ContextKey<String> CALLER = ContextKey.named("caller");

  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  /** The application's handler: records what it hears, optionally failing on one callback. */
  static class RecordingHandler implements StreamingChatResponseHandler {
    final List<String> heard = new ArrayList<>();
    RuntimeException failOnComplete;

    @Override
    public void onPartialResponse(String partial) {
      heard.add("partial:" + partial);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      heard.add("complete:" + response.aiMessage().text());
      if (failOnComplete != null) {
        throw failOnComplete;
      }
    }

    @Override
    public void onError(Throwable error) {
      heard.add("error:" + error.getClass().getSimpleName());
    }
  }

  private static ChatResponse response(String text) {
    return ChatResponse.builder()
        .id("chatcmpl-9")
        .modelName("qwen")
        .aiMessage(AiMessage.from(text))
        .tokenUsage(new TokenUsage(10, 2))
        .finishReason(FinishReason.STOP)
        .build();
  }

  @Test
  void applicationHearsEveryCallbackUnchangedAndTheSpanEndsWithTheResponse() {
    ActiveLlmCall call = telemetry.startChat(LangChain4jInstrumentationModule.NAME, true);
    RecordingHandler app = new RecordingHandler();
    StreamingChatResponseHandler traced =
        (StreamingChatResponseHandler) LangChain4jCalls.traceHandler(call, app);

    traced.onPartialResponse("Hel");
    traced.onPartialResponse("lo");
    traced.onCompleteResponse(response("Hello"));

    assertThat(app.heard).containsExactly("partial:Hel", "partial:lo", "complete:Hello");
    SpanData span = telemetry.span("chat qwen2.5-7b-instruct");
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("chatcmpl-9");
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS))
        .isEqualTo(2L);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(2L);
    assertThat(
            span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK))
        .isNotNull();
  }

  @Test
  void spanHasEndedBeforeTheApplicationHearsTheEnd() {
    ActiveLlmCall call = telemetry.startChat(LangChain4jInstrumentationModule.NAME, true);
    List<Integer> finishedWhenHeard = new ArrayList<>();
    RecordingHandler app =
        new RecordingHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            finishedWhenHeard.add(telemetry.finished().size());
          }
        };

    ((StreamingChatResponseHandler) LangChain4jCalls.traceHandler(call, app))
        .onCompleteResponse(response("x"));

    assertThat(finishedWhenHeard).containsExactly(1);
  }

  @Test
  void exceptionFromTheApplicationsHandlerIsRethrownUntouchedAndTheSpanStillEnds() {
    ActiveLlmCall call = telemetry.startChat(LangChain4jInstrumentationModule.NAME, true);
    RecordingHandler app = new RecordingHandler();
    app.failOnComplete = new IllegalStateException("the application's own bug");
    StreamingChatResponseHandler traced =
        (StreamingChatResponseHandler) LangChain4jCalls.traceHandler(call, app);

    assertThatThrownBy(() -> traced.onCompleteResponse(response("x"))).isSameAs(app.failOnComplete);
    SpanData span = telemetry.span("chat qwen2.5-7b-instruct");
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void providerErrorEndsTheSpanAsAnErrorWithTheHttpStatus() {
    ActiveLlmCall call = telemetry.startChat(LangChain4jInstrumentationModule.NAME, true);
    RecordingHandler app = new RecordingHandler();

    ((StreamingChatResponseHandler) LangChain4jCalls.traceHandler(call, app))
        .onError(new RateLimitException(new HttpException(429, "slow down")));

    assertThat(app.heard).containsExactly("error:RateLimitException");
    SpanData span = telemetry.span("chat qwen2.5-7b-instruct");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("429");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("error");
  }

  @Test
  void callbacksOnAnotherThreadRunInTheCallersContextWithoutTheCallSpan() throws Exception {
    List<String> seen = new ArrayList<>();
    RecordingHandler app =
        new RecordingHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            seen.add(Context.current().get(CALLER));
            seen.add(String.valueOf(GenAiInstrumenter.activeCall(Context.current())));
          }
        };
    OpenAiStreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl("http://127.0.0.1:1/v1")
            .apiKey("k")
            .modelName("qwen2.5-7b-instruct")
            .build();
    StreamingChatResponseHandler traced;
    // Exactly what the advice on doChat(request, handler) does, on the calling thread.
    try (Scope ignored = Context.current().with(CALLER, "service method").makeCurrent()) {
      ActiveLlmCall call =
          LangChain4jCalls.startStreamingChat(
              model, ChatRequest.builder().messages(UserMessage.from("hi")).build());
      traced = (StreamingChatResponseHandler) LangChain4jCalls.traceHandler(call, app);
      assertThat(GenAiInstrumenter.activeCall(Context.current())).isSameAs(call);
      LangChain4jCalls.endStreamingChatMethod(call, null);
    }

    CompletableFuture.runAsync(() -> traced.onCompleteResponse(response("x"))).get();

    assertThat(seen).containsExactly("service method", "null");
  }

  @Test
  void handlerIsLeftAloneWhenThereIsNoSpan() {
    RecordingHandler app = new RecordingHandler();

    assertThat(LangChain4jCalls.traceHandler(null, app)).isSameAs(app);
  }
}
