package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Lookups every client's end-to-end test makes: a span by its prompt, and what the server answered
 * it.
 */
final class ServedSpans {
  private ServedSpans() {}

  /**
   * The first span whose captured input contains {@code fragment}; the failure shows {@code
   * context}.
   */
  static ReceivedSpan withInput(
      List<ReceivedSpan> spans, String fragment, Supplier<String> context) {
    return spans.stream()
        .filter(
            s ->
                s.attrString("gen_ai.input.messages") != null
                    && s.attrString("gen_ai.input.messages").contains(fragment))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no span with input '" + fragment + "'\n" + context.get()));
  }

  /** The response the simulated server served for {@code span}, by its response id. */
  static ServedResponse servedFor(List<ServedResponse> served, ReceivedSpan span) {
    String id = span.attrString("gen_ai.response.id");
    return served.stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("server has no response " + id + " for " + span));
  }

  /**
   * The non-streamed chat call every testapp client makes with the same options (max tokens 24,
   * temperature 0.2, top-p 0.9, penalties 0.1/0.3, seed 7, stop "END"): the span carries them, the
   * usage and finish reason the server sent, and the server's address.
   */
  static void assertChatWithTestappOptions(
      ReceivedSpan span, ServedResponse truth, String model, int serverPort) {
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", model)
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.request.max_tokens", 24L)
        .containsEntry("gen_ai.request.temperature", 0.2)
        .containsEntry("gen_ai.request.top_p", 0.9)
        .containsEntry("gen_ai.request.frequency_penalty", 0.1)
        .containsEntry("gen_ai.request.presence_penalty", 0.3)
        .containsEntry("gen_ai.request.seed", 7L)
        .containsEntry("gen_ai.request.stop_sequences", List.of("END"))
        .containsEntry("gen_ai.request.stream", false);
    assertServedUsageAndServer(span, truth, serverPort);
  }

  /** The system instruction of every testapp client's plain chat call. */
  static final String TESTAPP_SYSTEM = "You are a concise assistant.";

  /** A system instruction of one text part, as {@code gen_ai.system_instructions} holds it. */
  static String systemInstructions(String text) {
    return "[{\"type\":\"text\",\"content\":" + json(text) + "}]";
  }

  /** One user message of one text part, as {@code gen_ai.input.messages} holds it. */
  static String userMessage(String text) {
    return "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":" + json(text) + "}]}]";
  }

  /**
   * One assistant answer of one text part and its finish reason, as {@code gen_ai.output.messages}
   * holds it.
   */
  static String assistantText(String text, String finishReason) {
    return "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
        + json(text)
        + "}],\"finish_reason\":\""
        + finishReason
        + "\"}]";
  }

  /**
   * The span captured the system instruction {@code system} and, as its output, the text answer
   * {@code text} that ended for {@code finishReason}.
   */
  static void assertSystemAndTextAnswer(
      ReceivedSpan span, String system, String text, String finishReason) {
    assertThat(span.attrString("gen_ai.system_instructions")).isEqualTo(systemInstructions(system));
    assertThat(span.attrString("gen_ai.output.messages"))
        .isEqualTo(assistantText(text, finishReason));
  }

  /**
   * One assistant message calling {@code toolName} with the served call's id and arguments, and its
   * finish reason, as {@code gen_ai.output.messages} holds it.
   */
  static String assistantToolCall(
      ServedResponse.ToolCall call, String toolName, String finishReason) {
    return "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\""
        + call.id()
        + "\",\"name\":\""
        + toolName
        + "\",\"arguments\":"
        + json(call.arguments())
        + "}],\"finish_reason\":\""
        + finishReason
        + "\"}]";
  }

  /**
   * A stream the application closed after {@code chunks} chunks: its span ended {@code closed},
   * counted them, and is not an error.
   */
  static void assertClosedByTheApplicationAfter(ReceivedSpan span, long chunks) {
    assertThat(span.attributes())
        .containsEntry("genai_watch.stream.end", "closed")
        .containsEntry("genai_watch.stream.chunks", chunks);
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  /**
   * A streamed span: its time to first chunk is the server's injected delay or more, its output the
   * text served.
   */
  static void assertStreamedFromTheFirstChunk(ReceivedSpan span, ServedResponse truth) {
    double ttft = span.attrDouble("gen_ai.response.time_to_first_chunk");
    assertThat(ttft)
        .isGreaterThanOrEqualTo(truth.injectedFirstTokenDelayNanos() / 1e9)
        .isLessThanOrEqualTo(span.durationSeconds());
    assertThat(span.attrDouble("genai_watch.time_per_output_token")).isPositive();
    assertThat(span.attrString("gen_ai.output.messages")).contains(json(truth.outputText()));
  }

  /**
   * The span reports the usage the server served (input, output and cached tokens), its finish
   * reason, and the server's address.
   */
  static void assertServedUsageAndServer(ReceivedSpan span, ServedResponse truth, int serverPort) {
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) serverPort);
  }

  /** Each span's {@code traceparent} is among those the server received. */
  static void assertEachPropagated(Collection<String> traceparents, List<ReceivedSpan> spans) {
    assertThat(spans)
        .allSatisfy(
            s ->
                assertThat(traceparents)
                    .anyMatch(tp -> tp.startsWith("00-" + s.traceId() + "-" + s.spanId() + "-")));
  }

  /** {@code text} as a JSON string literal, as the captured content attributes hold it. */
  static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The one embeddings call every OpenAI-compatible testapp client makes: its span names the model
   * and reports the input tokens and response model the server sent.
   */
  static void assertEmbeddings(
      List<ReceivedSpan> spans, List<ServedResponse> served, Supplier<String> context) {
    ReceivedSpan span =
        spans.stream()
            .filter(s -> "embeddings".equals(s.attrString("gen_ai.operation.name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(context.get()));
    ServedResponse truth =
        served.stream()
            .filter(s -> s.endpoint().equals(ServedResponse.EMBEDDINGS))
            .findFirst()
            .orElseThrow();
    assertThat(span.name()).isEqualTo("embeddings text-embedding-3-small");
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.response.model", truth.model());
  }

  /** How many spans carry each response id (spans without one are left out). */
  static Map<String, Long> countPerResponseId(List<ReceivedSpan> spans) {
    return spans.stream()
        .filter(s -> s.attrString("gen_ai.response.id") != null)
        .collect(
            Collectors.groupingBy(s -> s.attrString("gen_ai.response.id"), Collectors.counting()));
  }
}
