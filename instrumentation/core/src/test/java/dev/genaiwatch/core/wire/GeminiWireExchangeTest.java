package dev.genaiwatch.core.wire;

import static dev.genaiwatch.core.wire.CapturedWire.attr;
import static dev.genaiwatch.core.wire.CapturedWire.attributes;
import static dev.genaiwatch.core.wire.CapturedWire.body;
import static dev.genaiwatch.core.wire.CapturedWire.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.core.CallOwnership;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gemini's {@code generateContent} and {@code streamGenerateContent} on the wire, fed with the
 * bytes the simulated server sent (JSON, an {@code alt=sse} text stream, a function-call stream)
 * and checked against what those bytes say.
 */
class GeminiWireExchangeTest extends CapturedWire {
  private static final String BASE = "http://127.0.0.1:18931/v1beta/models/gemini-2.5-flash";
  private static final String GENERATE = BASE + ":generateContent";
  private static final String STREAM = BASE + ":streamGenerateContent?alt=sse";

  @Test
  void generateMethodsOfAModelAreChatCallsButEmbeddingsAndOtherPathsAreNot() {
    LlmEndpointMatcher matcher = new LlmEndpointMatcher(WireSettings.defaults());
    String vertex =
        "/v1/projects/shop/locations/europe-west4/publishers/google/models/gemini-2.5-flash";

    assertThat(matcher.operation("POST", "h", "/v1beta/models/gemini-2.5-flash:generateContent"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_GEMINI);
    assertThat(matcher.operation("POST", "h", "/v1/models/gemini-2.5-pro:streamGenerateContent"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_GEMINI);
    assertThat(matcher.operation("POST", "h", vertex + ":generateContent"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_GEMINI);
    assertThat(matcher.operation("POST", "h", "/v1beta/models/text-embedding-004:embedContent"))
        .isNull();
    assertThat(matcher.operation("POST", "h", "/v1beta/models/gemini-2.5-flash:countTokens"))
        .isNull();
    assertThat(matcher.operation("POST", "h", "/v1beta/cachedContents:generateContent")).isNull();
  }

  @Test
  void jsonResponseFillsTheSpanWithTheModelFromThePathAndThinkingTokensAsOutput() throws Exception {
    JsonNode truth = JSON.readTree(body("gemini-generate.json"));
    JsonNode usage = truth.path("usageMetadata");

    SpanData span = generated(GENERATE);
    assertThat(span.getName()).isEqualTo("chat gemini-2.5-flash");
    assertThat(attributes(span))
        .containsAllEntriesOf(
            Map.of(
                "gen_ai.provider.name",
                "gcp.gemini",
                "gen_ai.request.model",
                "gemini-2.5-flash",
                "gen_ai.request.stream",
                false,
                "gen_ai.request.max_tokens",
                12L,
                "gen_ai.request.temperature",
                0.4,
                "gen_ai.request.top_p",
                0.9,
                "gen_ai.request.seed",
                7L,
                "gen_ai.request.stop_sequences",
                List.of("END")));
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(truth.path("responseId").asText());
    assertThat(attr(span, "gen_ai.response.model")).isEqualTo(truth.path("modelVersion").asText());
    assertThat(attr(span, "gen_ai.usage.input_tokens"))
        .isEqualTo(usage.path("promptTokenCount").asLong());
    assertThat(attr(span, "gen_ai.usage.output_tokens"))
        .isEqualTo(
            usage.path("candidatesTokenCount").asLong()
                + usage.path("thoughtsTokenCount").asLong());
    assertThat(attr(span, "gen_ai.usage.reasoning.output_tokens"))
        .isEqualTo(usage.path("thoughtsTokenCount").asLong());
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(usage.path("cachedContentTokenCount").asLong());
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void systemInstructionContentsAndAnswerAreCapturedRedacted() throws Exception {
    JsonNode truth = JSON.readTree(body("gemini-generate.json"));

    CapturedWire.assertContentCapturedRedacted(
        generated(GENERATE),
        "Which river flows through Vienna?",
        truth.path("candidates").get(0).path("content").path("parts").get(0).path("text").asText());
  }

  @Test
  void vertexAiPathIsTheVertexProvider() {
    SpanData span =
        generated(
            "https://europe-west4-aiplatform.googleapis.com/v1/projects/shop/locations/"
                + "europe-west4/publishers/google/models/gemini-2.5-flash:generateContent");

    assertThat(attr(span, "gen_ai.provider.name")).isEqualTo("gcp.vertex_ai");
  }

  @Test
  void sseStreamGivesTimingTextAndTheLastChunksUsage() throws Exception {
    String sse = body("gemini-stream.sse");
    List<String> chunks = events(sse);
    JsonNode last = JSON.readTree(chunks.get(chunks.size() - 1));
    StringBuilder text = new StringBuilder();
    for (String c : chunks) {
      text.append(
          JSON.readTree(c)
              .path("candidates")
              .get(0)
              .path("content")
              .path("parts")
              .get(0)
              .path("text")
              .asText(""));
    }

    CapturedWire.respond(
        CapturedWire.start(STREAM, body("gemini-generate.request.json")), "text/event-stream", sse);

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "gen_ai.request.stream")).isEqualTo(true);
    assertThat(attr(span, "gen_ai.response.time_to_first_chunk")).isNotNull();
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo((long) chunks.size());
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(last.path("responseId").asText());
    assertThat(attr(span, "gen_ai.usage.output_tokens"))
        .isEqualTo(
            last.path("usageMetadata").path("candidatesTokenCount").asLong()
                + last.path("usageMetadata").path("thoughtsTokenCount").asLong());
    assertThat(attr(span, "genai_watch.usage.estimated")).isNull();
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
    assertThat((String) attr(span, "gen_ai.output.messages")).contains(text.toString());
  }

  @Test
  void functionCallStreamEndsWithTheToolCallAndFinishReasonToolCall() throws Exception {
    String sse = body("gemini-stream-tool.sse");
    JsonNode call =
        JSON.readTree(events(sse).get(0))
            .path("candidates")
            .get(0)
            .path("content")
            .path("parts")
            .get(0)
            .path("functionCall");

    CapturedWire.respond(
        CapturedWire.start(STREAM, body("gemini-tool.request.json")), "text/event-stream", sse);

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("tool_call"));
    assertThat((String) attr(span, "gen_ai.output.messages"))
        .contains("\"tool_call\"")
        .contains(call.path("id").asText())
        .contains("{\\\"city\\\":\\\"Paris\\\"}");
  }

  @Test
  void streamWithoutAltSseIsOneJsonArrayReadAsOneAnswer() throws Exception {
    List<String> chunks = events(body("gemini-stream.sse"));
    String array = "[" + String.join(",\r\n", chunks) + "]";

    CapturedWire.respond(
        CapturedWire.start(BASE + ":streamGenerateContent", body("gemini-generate.request.json")),
        "application/json",
        array);

    SpanData span = telemetry.onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
    assertThat((String) attr(span, "gen_ai.output.messages")).contains("Rivers carry water");
    assertThat(attr(span, "gen_ai.usage.input_tokens"))
        .isEqualTo(
            JSON.readTree(chunks.get(0)).path("usageMetadata").path("promptTokenCount").asLong());
  }

  @Test
  void streamClosedAfterTheFinishReasonIsCompleteAndBeforeItClosed() {
    String sse = body("gemini-stream.sse");
    String request = body("gemini-generate.request.json");
    SpanData whole = closedAfterReading(STREAM, request, sse);
    SpanData cut = closedAfterReading(STREAM, request, sse.substring(0, sse.indexOf("\n\n") + 2));

    assertThat(attr(whole, "genai_watch.stream.end")).isNull();
    assertThat(attr(cut, "genai_watch.stream.end")).isEqualTo("closed");
  }

  /** The span of the captured {@code generateContent} exchange, sent to {@code url}. */
  private SpanData generated(String url) {
    CapturedWire.respond(
        CapturedWire.start(url, body("gemini-generate.request.json")),
        "application/json",
        body("gemini-generate.json"));
    return telemetry.onlySpan();
  }

  @Test
  void asyncSdkRequestWithoutItsContextIsLeftToTheSdkOnceItsInstrumentationSawACall() {
    telemetry.instrumenter.ownership().librarySawCall(CallOwnership.GOOGLE_GENAI);

    WireExchange exchange =
        WireCalls.start(
            "okhttp",
            "POST",
            URI.create(GENERATE),
            () -> null,
            name -> "x-goog-api-client".equals(name) ? "google-genai-sdk/2.3.0 gl-java/17" : null,
            Context.root());

    assertThat(exchange).isNull();
  }
}
