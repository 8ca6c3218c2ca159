package dev.genaiwatch.core.wire;

import static dev.genaiwatch.core.wire.CapturedWire.attr;
import static dev.genaiwatch.core.wire.CapturedWire.attributes;
import static dev.genaiwatch.core.wire.CapturedWire.body;
import static dev.genaiwatch.core.wire.CapturedWire.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.core.ActiveLlmCall;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) on the wire, fed with the bytes the
 * simulated server sent (JSON, a text stream, a tool-use stream) and checked against what those
 * bytes say.
 */
class AnthropicWireExchangeTest extends CapturedWire {
  private static final String URL = "http://127.0.0.1:18931/v1/messages";

  @Test
  void messagesPathIsAChatCallButItsSubresourcesAreNot() {
    LlmEndpointMatcher matcher = new LlmEndpointMatcher(WireSettings.defaults());

    assertThat(matcher.operation("POST", "api.anthropic.com", "/v1/messages"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_ANTHROPIC_MESSAGES);
    assertThat(matcher.operation("POST", "api.anthropic.com", "/v1/messages/count_tokens"))
        .isNull();
    assertThat(matcher.operation("POST", "api.anthropic.com", "/v1/messages/batches")).isNull();
    assertThat(matcher.operation("GET", "api.anthropic.com", "/v1/messages")).isNull();
  }

  @Test
  void messagesPathWithoutTheAnthropicVersionHeaderIsSomeOtherApiAndGetsNoSpan() {
    WireExchange exchange =
        CapturedWire.start(URL, body("anthropic-messages.request.json"), Map.of());

    assertThat(exchange).isNull();
  }

  @Test
  void jsonResponseFillsTheSpanFromRequestAndResponseWithEveryInputTokenCounted() throws Exception {
    JsonNode truth = JSON.readTree(body("anthropic-messages.json"));
    JsonNode usage = truth.path("usage");

    CapturedWire.respond(
        CapturedWire.start(URL, body("anthropic-messages.request.json")),
        "application/json",
        body("anthropic-messages.json"));

    SpanData span = telemetry.onlySpan();
    assertThat(span.getName()).isEqualTo("chat claude-sonnet-4-5");
    assertThat(attributes(span))
        .containsAllEntriesOf(
            Map.of(
                "gen_ai.provider.name",
                "anthropic",
                "gen_ai.operation.name",
                "chat",
                "gen_ai.request.max_tokens",
                40L,
                "gen_ai.request.temperature",
                0.4,
                "gen_ai.request.top_p",
                0.9,
                "gen_ai.request.stop_sequences",
                List.of("END")));
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(truth.path("id").asText());
    assertThat(attr(span, "gen_ai.response.model")).isEqualTo(truth.path("model").asText());
    assertThat(attr(span, "gen_ai.usage.input_tokens"))
        .isEqualTo(
            usage.path("input_tokens").asLong()
                + usage.path("cache_read_input_tokens").asLong()
                + usage.path("cache_creation_input_tokens").asLong());
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(usage.path("cache_read_input_tokens").asLong())
        .isNotEqualTo(0L);
    assertThat(attr(span, "gen_ai.usage.output_tokens"))
        .isEqualTo(usage.path("output_tokens").asLong());
    assertThat(attr(span, "gen_ai.response.finish_reasons"))
        .isEqualTo(List.of(truth.path("stop_reason").asText()));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void systemPromptMessagesAndAnswerAreCapturedRedacted() throws Exception {
    JsonNode truth = JSON.readTree(body("anthropic-messages.json"));

    CapturedWire.respond(
        CapturedWire.start(URL, body("anthropic-messages.request.json")),
        "application/json",
        body("anthropic-messages.json"));

    CapturedWire.assertContentCapturedRedacted(
        telemetry.onlySpan(),
        "Which river flows through Vienna?",
        truth.path("content").get(0).path("text").asText());
  }

  @Test
  void requestSeenAsTheClientWritesItFillsTheSameRequestSide() {
    WireExchange exchange = CapturedWire.start(URL, null);
    byte[] request = body("anthropic-messages.request.json").getBytes(StandardCharsets.UTF_8);
    exchange.onRequestBody(request, request.length, false);
    CapturedWire.respond(exchange, "application/json", body("anthropic-messages.json"));

    SpanData span = telemetry.onlySpan();
    assertThat(span.getName()).isEqualTo("chat claude-sonnet-4-5");
    assertThat(attr(span, "gen_ai.request.max_tokens")).isEqualTo(40L);
    assertThat((String) attr(span, "gen_ai.input.messages")).contains("Vienna");
  }

  @Test
  void textStreamGivesTimingTextUsageAndStopReasonFromTheEvents() throws Exception {
    String sse = body("anthropic-messages.sse");
    List<String> events = events(sse);
    JsonNode start = JSON.readTree(events.get(0)).path("message");
    JsonNode delta = JSON.readTree(events.get(events.size() - 2));
    StringBuilder text = new StringBuilder();
    for (String e : events) {
      text.append(JSON.readTree(e).path("delta").path("text").asText(""));
    }

    CapturedWire.respond(
        CapturedWire.start(URL, body("anthropic-messages-stream.request.json")),
        "text/event-stream",
        sse);

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "gen_ai.request.stream")).isEqualTo(true);
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(start.path("id").asText());
    assertThat(attr(span, "gen_ai.response.time_to_first_chunk")).isNotNull();
    // Every event but message_stop is a chunk (message_start, blocks, ping, deltas).
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo((long) events.size() - 1);
    assertThat(attr(span, "gen_ai.usage.output_tokens"))
        .isEqualTo(delta.path("usage").path("output_tokens").asLong());
    assertThat(attr(span, "gen_ai.usage.input_tokens"))
        .isEqualTo(
            start.path("usage").path("input_tokens").asLong()
                + start.path("usage").path("cache_read_input_tokens").asLong());
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(start.path("usage").path("cache_read_input_tokens").asLong());
    assertThat(attr(span, "genai_watch.usage.estimated")).isNull();
    assertThat(attr(span, "gen_ai.response.finish_reasons"))
        .isEqualTo(List.of(delta.path("delta").path("stop_reason").asText()));
    assertThat((String) attr(span, "gen_ai.output.messages")).contains(text.toString());
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
  }

  @Test
  void toolUseStreamEndsWithTheToolCallAndItsWholeInput() throws Exception {
    String sse = body("anthropic-messages-tool.sse");
    JsonNode tool = JSON.readTree(events(sse).get(1)).path("content_block");

    CapturedWire.respond(
        CapturedWire.start(URL, body("anthropic-messages-tool.request.json")),
        "text/event-stream",
        sse);

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("tool_use"));
    assertThat((String) attr(span, "gen_ai.output.messages"))
        .contains("\"tool_call\"")
        .contains(tool.path("id").asText())
        .contains("weather")
        .contains("{\\\"city\\\":\\\"Paris\\\"}");
  }

  @Test
  void streamClosedAfterMessageStopIsCompleteAndBeforeItClosed() {
    String sse = body("anthropic-messages.sse");
    String request = body("anthropic-messages-stream.request.json");
    SpanData whole = closedAfterReading(URL, request, sse);
    SpanData cut =
        closedAfterReading(URL, request, sse.substring(0, sse.indexOf("event: message_delta")));

    assertThat(attr(whole, "genai_watch.stream.end")).isNull();
    assertThat(attr(cut, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat((String) attr(cut, "gen_ai.output.messages")).contains("Rivers");
  }

  @Test
  void callOwnedByTheAnthropicSdkGetsNoSecondSpanAndKeepsItsOwnUsage() {
    ActiveLlmCall library = telemetry.startChat("anthropic-java", true);
    library.call().provider = "anthropic";
    library.call().inputTokens = 7L;
    WireExchange exchange;
    try (Scope ignored = library.makeCurrent()) {
      exchange = CapturedWire.start(URL, body("anthropic-messages-stream.request.json"));
    }
    CapturedWire.respond(exchange, "text/event-stream", body("anthropic-messages.sse"));
    library.end();

    assertThat(exchange.owned()).isFalse();
    assertThat(exchange.traceparent()).contains(library.span().getSpanContext().getSpanId());
    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("anthropic-java");
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isEqualTo(7L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isNull();
  }

  @Test
  void asyncSdkRequestWithoutItsContextIsLeftToTheSdkOnceItsInstrumentationSawACall() {
    telemetry.instrumenter.ownership().librarySawCall("anthropic-java");

    WireExchange exchange =
        WireCalls.start(
            "okhttp",
            "POST",
            URI.create(URL),
            () -> null,
            name ->
                switch (name) {
                  case "X-Stainless-Lang" -> "java";
                  case "anthropic-version" -> "2023-06-01";
                  default -> null;
                },
            Context.root());

    assertThat(exchange).isNull();
  }
}
