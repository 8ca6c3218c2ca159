package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.GeminiHandler;
import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a wire-level client's end-to-end test asserts of the raw Anthropic and Gemini calls of the
 * testapp's {@code jdk-anthropic} and {@code jdk-gemini} scenarios (max tokens 24, temperature 0.3,
 * system prompt "You are terse.", once plain and once streamed; Gemini with a thinking budget of
 * 8): the span the SDK-level instrumentation would make, from what the server served.
 */
final class ProviderWireSpans {
  private ProviderWireSpans() {}

  static void assertAnthropic(
      ReceivedSpan span, ServedResponse truth, String instrumentation, int serverPort) {
    assertThat(truth.endpoint()).isEqualTo(ServedResponse.MESSAGES);
    // The served count includes message_stop, which ends the stream and is no chunk (as for the
    // SDK).
    assertCommon(
        span,
        truth,
        "anthropic",
        truth.finishReason(),
        truth.chunkCount() - 1,
        instrumentation,
        serverPort);
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stop_sequences", List.of("END"))
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
        .containsEntry("gen_ai.usage.cache_creation.input_tokens", 0L);
  }

  static void assertGemini(
      ReceivedSpan span, ServedResponse truth, String instrumentation, int serverPort) {
    assertThat(truth.endpoint()).isEqualTo(ServedResponse.GEMINI);
    String finish = "MAX_TOKENS".equals(truth.finishReason()) ? "length" : "stop";
    assertCommon(
        span, truth, "gcp.gemini", finish, truth.chunkCount(), instrumentation, serverPort);
    long thoughts = GeminiHandler.thoughtTokens(8);
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.output_tokens", truth.completionTokens() + thoughts)
        .containsEntry("gen_ai.usage.reasoning.output_tokens", thoughts);
    // Gemini sends cachedContentTokenCount only when the prompt cache was hit.
    assertThat(span.attrLong("gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(truth.cachedTokens() == 0 ? null : (long) truth.cachedTokens());
  }

  private static void assertCommon(
      ReceivedSpan span,
      ServedResponse truth,
      String provider,
      String finishReason,
      long chunks,
      String instrumentation,
      int serverPort) {
    assertThat(span.name()).isEqualTo("chat " + truth.model());
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", provider)
        .containsEntry("genai_watch.instrumentation", instrumentation)
        .containsEntry("gen_ai.request.model", truth.model())
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.response.id", truth.id())
        .containsEntry("gen_ai.request.max_tokens", 24L)
        .containsEntry("gen_ai.request.temperature", 0.3)
        .containsEntry("gen_ai.request.stream", truth.stream())
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(finishReason));
    assertTerseAnswerFromTheServer(span, truth, finishReason, serverPort);
    if (truth.stream()) {
      assertThat(span.attributes()).containsEntry("genai_watch.stream.chunks", chunks);
      assertThat(span.attrDouble("gen_ai.response.time_to_first_chunk"))
          .isGreaterThanOrEqualTo(truth.injectedFirstTokenDelayNanos() / 1e9)
          .isLessThanOrEqualTo(span.durationSeconds());
    }
  }

  /**
   * A complete call of the testapp's raw scenarios (system prompt "You are terse."): the server's
   * address, the usage the server sent (not estimated), and the served answer as the output.
   */
  static void assertTerseAnswerFromTheServer(
      ReceivedSpan span, ServedResponse truth, String finishReason, int serverPort) {
    assertThat(span.attributes())
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) serverPort)
        .doesNotContainKey("genai_watch.usage.estimated")
        .doesNotContainKey("genai_watch.stream.end");
    assertThat(span.attrString("gen_ai.system_instructions"))
        .isEqualTo(ServedSpans.systemInstructions("You are terse."));
    assertThat(span.attrString("gen_ai.output.messages"))
        .isEqualTo(ServedSpans.assistantText(truth.outputText(), finishReason));
  }

  /**
   * Each request to a path {@code ofTheCalls} reached the server with the {@code traceparent} of
   * one of {@code spans}, one each.
   */
  static void assertTraceparents(
      List<ReceivedRequest> received, Predicate<String> ofTheCalls, List<ReceivedSpan> spans) {
    List<String> traceparents =
        received.stream()
            .filter(r -> ofTheCalls.test(r.path()))
            .map(ReceivedRequest::traceparent)
            .filter(Objects::nonNull)
            .toList();
    assertThat(traceparents).hasSize(spans.size());
    ServedSpans.assertEachPropagated(traceparents, spans);
  }
}
