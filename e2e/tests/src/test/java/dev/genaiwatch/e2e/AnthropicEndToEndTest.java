package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The testapp's Anthropic Java SDK scenarios with the real agent jar in a forked JVM, and without
 * it for the reference output; each test checks one behaviour of the exported spans against what
 * the simulated server actually served on {@code /v1/messages}.
 */
class AnthropicEndToEndTest extends SdkEndToEndTestBase {
  static final String SCENARIOS =
      "anthropic-messages,anthropic-messages-stream,anthropic-messages-async,"
          + "anthropic-tools,anthropic-errors,anthropic-own-otel";
  static final String MODEL = "claude-sim-sonnet";

  @Override
  String scenarios() {
    return SCENARIOS;
  }

  @Override
  String instrumentation() {
    return "anthropic-java";
  }

  @Override
  String rateLimitedLine() {
    return "anthropic-errors: fault 429 -> com.anthropic.errors.RateLimitException";
  }

  @Override
  boolean isModelPath(String path) {
    return path.equals("/v1/messages");
  }

  @Test
  void exactlyOneClientSpanPerRequestTheServerServed() {
    assertThat(served).hasSize(10).allMatch(s -> s.endpoint().equals(ServedResponse.MESSAGES));
    assertOneClientSpanPerServedRequest();
  }

  @Test
  void noOtherInstrumentationMadeASpanForTheseCalls() {
    List<ReceivedSpan> all = receiver.telemetry().spans();
    assertThat(all)
        .filteredOn(s -> s.attrString("gen_ai.operation.name") != null)
        .hasSize(served.size());
  }

  @Test
  void messageSpanCarriesRequestParametersUsageAndServer() {
    ReceivedSpan span = spanWithInput("capital of Italy");
    ServedResponse truth = servedFor(span);
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "anthropic")
        .containsEntry("gen_ai.request.model", MODEL)
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.request.max_tokens", 24L)
        .containsEntry("gen_ai.request.stop_sequences", List.of("END"))
        .containsEntry("gen_ai.request.stream", false)
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
        .containsEntry("gen_ai.usage.cache_creation.input_tokens", 0L)
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) server.port());
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
    assertThat(span.attrDouble("genai_watch.output_tokens_per_second")).isPositive();
  }

  @Test
  void streamSpanTakesUsageAndStopReasonFromMessageDeltaAndTimesTheFirstDelta() {
    ReceivedSpan span = spanWithInput("lighthouse at night");
    ServedResponse truth = servedFor(span);
    assertThat(span.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        // Every event but the ping, which the SDK does not hand on.
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount() - 1)
        .doesNotContainKey("genai_watch.usage.estimated")
        .doesNotContainKey("genai_watch.stream.end");
    double ttft = span.attrDouble("gen_ai.response.time_to_first_chunk");
    assertThat(ttft)
        .isGreaterThanOrEqualTo(TTFT_MS / 1000)
        .isLessThanOrEqualTo(span.durationSeconds());
    assertThat(span.attrDouble("genai_watch.time_per_output_token")).isPositive();
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
  }

  @Test
  void toolUseIsAToolCallOutputAndTheToolResultAnInputOfTheNextCall() {
    List<ReceivedSpan> loop = spansWithInput("weather in Lisbon");
    ServedResponse.ToolCall call = assertFirstCallAskedForTheTool(loop, "get_weather", "tool_use");
    assertThat(loop.get(1).attrString("gen_ai.input.messages"))
        .contains(
            "{\"type\":\"tool_call_response\",\"id\":\""
                + call.id()
                + "\",\"response\":\"cloudy, 17 degrees\"}");
    assertThat(loop.get(1).attrString("gen_ai.output.messages"))
        .contains("Tool said: cloudy, 17 degrees.");
  }

  @Test
  void promptCacheReadsAndWritesAreTheServedCounts() {
    assertThat(spansWithInput("weather in Lisbon"))
        .allSatisfy(
            span -> {
              ServedResponse truth = servedFor(span);
              assertThat(span.attributes())
                  .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
                  .containsEntry(
                      "gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
                  // The simulator writes the uncached rest of a cache-marked prompt to the cache.
                  .containsEntry(
                      "gen_ai.usage.cache_creation.input_tokens",
                      (long) truth.promptTokens() - truth.cachedTokens());
            })
        .anySatisfy(
            span -> assertThat(span.attrLong("gen_ai.usage.cache_read.input_tokens")).isPositive());
  }

  @Test
  void
      withTheApplicationsGlobalOpenTelemetryTheSdkMakesNoSecondSpanAndGenAiWatchJoinsTheApplicationTrace() {
    assertThat(withoutAgent.stderr()).contains("anthropic-own-otel: sdk spans=2 app spans=1");
    assertThat(withAgent.stderr()).contains("anthropic-own-otel: sdk spans=0 app spans=1");
    Matcher trace =
        Pattern.compile("anthropic-own-otel: .* trace=([0-9a-f]{32})").matcher(withAgent.stderr());
    assertThat(trace.find()).isTrue();
    assertThat(List.of(spanWithInput("largest?"), spanWithInput("longest?")))
        .allSatisfy(s -> assertThat(s.traceId()).isEqualTo(trace.group(1)));
  }
}
