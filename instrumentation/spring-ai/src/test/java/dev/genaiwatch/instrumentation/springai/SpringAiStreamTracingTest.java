package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.publisher.Flux;

/**
 * The Flux a streaming {@code ChatModel} returns, handed through {@link SpringAiCalls#traceStream}
 * as the advice does: the span lives from subscription to completion, error or cancellation, and
 * the application sees exactly the chunks it would have seen.
 */
class SpringAiStreamTracingTest {
  private static final OpenAiChatModel MODEL =
      SpringAiTestObjects.openAiModel(
          "http://127.0.0.1:8000", OpenAiChatOptions.builder().model("qwen").build());
  private final TestTelemetry telemetry = TestTelemetry.install(true);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void completedStreamEndsTheSpanWithUsageTimeToFirstChunkAndOutput() {
    Flux<ChatResponse> chunks =
        Flux.just(
            chunk("Hel", null, null),
            chunk("lo", "STOP", null),
            chunk(null, null, new DefaultUsage(7, 2)));

    @SuppressWarnings("unchecked")
    Flux<ChatResponse> traced =
        (Flux<ChatResponse>) SpringAiCalls.traceStream(MODEL, new Prompt("hi"), chunks, null);

    assertThat(telemetry.finished()).as("nothing before subscription").isEmpty();
    assertThat(traced.collectList().block()).hasSize(3);
    SpanData span = single();
    assertThat(span.getName()).isEqualTo("chat qwen");
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(7L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(2L);
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(
            span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
        .isNotNull();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("\"Hello\"");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void streamEndingInToolCallsHasThemAsItsOutput() {
    // Spring AI 2.0: the ToolCallingAdvisor runs the tools after this stream completed.
    Flux<ChatResponse> chunks =
        Flux.just(
            chunk("Let me look. ", null, null),
            SpringAiTestObjects.response(
                SpringAiTestObjects.askingForWeather(), "TOOL_CALLS", new DefaultUsage(7, 5)));

    @SuppressWarnings("unchecked")
    Flux<ChatResponse> traced =
        (Flux<ChatResponse>) SpringAiCalls.traceStream(MODEL, new Prompt("hi"), chunks, null);

    assertThat(traced.collectList().block()).hasSize(2);
    SpanData span = single();
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("tool_calls");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("{\"type\":\"text\",\"content\":\"Let me look. \"}")
        .contains("\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"weather\"");
  }

  @Test
  void cancelledStreamEndsTheSpanAsClosed() {
    Flux<ChatResponse> chunks =
        Flux.just(chunk("a", null, null), chunk("b", null, null), chunk("c", null, null));

    @SuppressWarnings("unchecked")
    Flux<ChatResponse> traced =
        (Flux<ChatResponse>) SpringAiCalls.traceStream(MODEL, new Prompt("hi"), chunks, null);

    assertThat(traced.take(1).collectList().block()).hasSize(1);
    SpanData span = single();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end")))
        .isEqualTo("closed");
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void failedStreamEndsTheSpanAsErrorAndTheApplicationStillGetsTheError() {
    Flux<ChatResponse> chunks =
        Flux.concat(
            Flux.just(chunk("a", null, null)),
            Flux.error(new org.springframework.ai.retry.TransientAiException("HTTP 503 - busy")));

    @SuppressWarnings("unchecked")
    Flux<ChatResponse> traced =
        (Flux<ChatResponse>) SpringAiCalls.traceStream(MODEL, new Prompt("hi"), chunks, null);

    assertThat(traced.onErrorResume(e -> Flux.empty()).collectList().block()).hasSize(1);
    SpanData span = single();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end")))
        .isEqualTo("error");
  }

  @Test
  void aStreamThatIsNeverSubscribedMakesNoSpan() {
    SpringAiCalls.traceStream(MODEL, new Prompt("hi"), Flux.just(chunk("a", null, null)), null);

    assertThat(telemetry.finished()).isEmpty();
  }

  private SpanData single() {
    List<SpanData> finished = telemetry.finished();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private static ChatResponse chunk(String text, String finishReason, DefaultUsage usage) {
    return SpringAiTestObjects.response(
        text == null && finishReason == null
            ? null
            : new AssistantMessage(text == null ? "" : text),
        finishReason,
        usage);
  }
}
