package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.GeminiHandler;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The testapp's Google Gen AI SDK scenarios with the real agent jar in a forked JVM, and without it
 * for the reference output; each test checks one behaviour of the exported spans against what the
 * simulated server actually served on the Gemini API's paths.
 */
class GoogleGenAiEndToEndTest extends SdkEndToEndTestBase {
  static final String MODEL = "gemini-sim-flash";

  @Override
  String scenarios() {
    return "google-generate,google-stream,google-async,google-tools,google-embed,google-errors";
  }

  @Override
  String instrumentation() {
    return "google-genai";
  }

  /** The conventions' finish reason for what the simulator served. */
  @Override
  String finishReason(ServedResponse truth) {
    return "MAX_TOKENS".equals(truth.finishReason()) ? "length" : "stop";
  }

  @Override
  String rateLimitedLine() {
    return "google-errors: fault 429 -> com.google.genai.errors.ClientException";
  }

  @Override
  boolean isModelPath(String path) {
    return path.contains("/models/");
  }

  @Test
  void exactlyOneClientSpanPerRequestTheServerServed() {
    assertThat(served).hasSize(9);
    // The Gemini API's embeddings carry no response id.
    assertOneClientSpanPerServedRequest(s -> !s.endpoint().equals(ServedResponse.EMBEDDINGS));
    assertThat(receiver.telemetry().spans())
        .filteredOn(s -> s.attrString("gen_ai.operation.name") != null)
        .hasSize(served.size());
  }

  @Test
  void generateSpanCarriesRequestParametersUsageWithThinkingTokensAndServer() {
    ReceivedSpan span = spanWithInput("capital of Italy");
    ServedResponse truth = servedFor(span);
    long thoughts = GeminiHandler.thoughtTokens(8);
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "gcp.gemini")
        .containsEntry("gen_ai.request.model", MODEL)
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.request.max_tokens", 24L)
        .containsEntry("gen_ai.request.temperature", 0.2)
        .containsEntry("gen_ai.request.seed", 7L)
        .containsEntry("gen_ai.request.stop_sequences", List.of("END"))
        .containsEntry("gen_ai.request.stream", false)
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", truth.completionTokens() + thoughts)
        .containsEntry("gen_ai.usage.reasoning.output_tokens", thoughts)
        .containsEntry("gen_ai.response.finish_reasons", List.of(finishReason(truth)))
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) server.port());
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void streamSpanTakesUsageAndFinishReasonFromTheChunksAndTimesTheFirst() {
    ReceivedSpan span = spanWithInput("lighthouse at night");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(finishReason(truth)))
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
        .doesNotContainKey("genai_watch.usage.estimated")
        .doesNotContainKey("genai_watch.stream.end");
    assertThat(span.attrDouble("gen_ai.response.time_to_first_chunk"))
        .isGreaterThanOrEqualTo(TTFT_MS / 1000)
        .isLessThanOrEqualTo(span.durationSeconds());
    assertThat(span.attrDouble("genai_watch.output_tokens_per_second")).isPositive();
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  @Test
  void aFunctionCallIsAToolCallOutputAndItsResponseAnInputOfTheNextCall() {
    List<ReceivedSpan> loop = spansWithInput("Lisbon");
    assertFirstCallAskedForTheTool(loop, "get_weather", "tool_call");
    assertThat(loop.get(1).attrString("gen_ai.input.messages"))
        .contains("{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\"")
        .contains("cloudy, 17 degrees");
    assertThat(loop.get(1).attrString("gen_ai.output.messages")).contains("Tool said: ");
  }

  @Test
  void cachedContentTokensAreTheServedPrefixCacheHits() {
    assertThat(spansWithInput("Lisbon"))
        .allSatisfy(
            span -> {
              ServedResponse truth = servedFor(span);
              assertThat(span.attributes())
                  .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens());
              if (truth.cachedTokens() > 0) {
                assertThat(span.attributes())
                    .containsEntry(
                        "gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens());
              }
            })
        .anySatisfy(
            span -> assertThat(span.attrLong("gen_ai.usage.cache_read.input_tokens")).isPositive());
  }

  @Test
  void embedContentIsAnEmbeddingsSpan() {
    ReceivedSpan span =
        spans.stream()
            .filter(s -> "embeddings".equals(s.attrString("gen_ai.operation.name")))
            .findFirst()
            .orElseThrow();
    assertThat(span.name()).isEqualTo("embeddings gemini-sim-embedding");
    assertThat(span.attributes()).containsEntry("gen_ai.provider.name", "gcp.gemini");
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
    assertThat(served).anyMatch(s -> s.endpoint().equals(ServedResponse.EMBEDDINGS));
  }
}
