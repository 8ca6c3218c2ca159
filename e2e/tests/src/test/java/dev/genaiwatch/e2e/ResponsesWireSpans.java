package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.List;
import java.util.function.Function;

/**
 * What every wire-level client's end-to-end test asserts of its two raw {@code /v1/responses} calls
 * (the testapp's {@code jdk-responses} and {@code okhttp-responses}: the same JSON request, once
 * plain and once streamed).
 */
final class ResponsesWireSpans {
  private ResponsesWireSpans() {}

  /**
   * @param json the span of the non-streamed call, {@code sse} the streamed one, as found by their
   *     input
   */
  static void assertJsonAndSse(
      ReceivedSpan json,
      ReceivedSpan sse,
      Function<ReceivedSpan, ServedResponse> servedFor,
      String instrumentation,
      int serverPort) {
    for (ReceivedSpan span : List.of(json, sse)) {
      ServedResponse truth = servedFor.apply(span);
      assertThat(truth.endpoint()).isEqualTo(ServedResponse.RESPONSES);
      assertThat(span.name()).isEqualTo("chat qwen2.5-7b-instruct");
      assertThat(span.kind()).isEqualTo("CLIENT");
      assertThat(span.statusCode()).isNotEqualTo("ERROR");
      assertThat(span.attributes())
          .containsEntry("gen_ai.operation.name", "chat")
          .containsEntry("openai.api.type", "responses")
          .containsEntry("genai_watch.instrumentation", instrumentation)
          .containsEntry("gen_ai.request.model", "qwen2.5-7b-instruct")
          .containsEntry("gen_ai.response.model", truth.model())
          .containsEntry("gen_ai.response.id", truth.id())
          .containsEntry("gen_ai.request.max_tokens", 30L)
          .containsEntry("gen_ai.request.temperature", 0.4)
          .containsEntry("gen_ai.request.stream", truth.stream())
          .containsEntry("gen_ai.usage.reasoning.output_tokens", (long) truth.reasoningTokens())
          .doesNotContainKey("genai_watch.usage.estimated")
          .doesNotContainKey("genai_watch.stream.end");
      ServedSpans.assertServedUsageAndServer(span, truth, serverPort);
      ServedSpans.assertSystemAndTextAnswer(
          span, "You are terse.", truth.outputText(), truth.finishReason());
    }
    assertThat(servedFor.apply(json).stream()).isFalse();
    ServedResponse streamed = servedFor.apply(sse);
    assertThat(streamed.stream()).isTrue();
    assertThat(sse.attributes())
        .containsEntry("genai_watch.stream.chunks", (long) streamed.chunkCount());
    assertThat(sse.attrDouble("gen_ai.response.time_to_first_chunk"))
        .isGreaterThanOrEqualTo(streamed.injectedFirstTokenDelayNanos() / 1e9)
        .isLessThanOrEqualTo(sse.durationSeconds());
  }

  /** Each call's request reached the server with its span's {@code traceparent}. */
  static void assertTraceparents(List<ReceivedRequest> received, List<ReceivedSpan> spans) {
    ProviderWireSpans.assertTraceparents(received, "/v1/responses"::equals, spans);
  }
}
