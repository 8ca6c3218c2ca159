package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) on the wire: request, JSON response and
 * typed SSE events.
 */
class ResponsesWireExchangeTest {
  private static final URI RESPONSES = URI.create("http://vllm.internal:8000/v1/responses");
  private static final String REQUEST =
      "{\"model\":\"qwen\",\"instructions\":\"Be brief. Mail"
          + " ops@example.com\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather"
          + " in Paris?\"}]},"
          + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
          + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"rainy\"}],"
          + "\"max_output_tokens\":64,\"temperature\":0.3,\"top_p\":0.9,\"previous_response_id\":\"resp_0\","
          + "\"conversation\":\"conv_42\",\"stream\":%s}";
  private static final String USAGE =
      "\"usage\":{\"input_tokens\":30,\"input_tokens_details\":{\"cached_tokens\":16},"
          + "\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":2},\"total_tokens\":38}";
  private static final String RESPONSE =
      "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
          + "\"model\":\"qwen-served\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"It"
          + " is rainy.\",\"annotations\":[]}]}],"
          + USAGE
          + "}";

  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  @Test
  void responsesPathIsAChatCallOfTheResponsesApi() {
    assertThat(
            new LlmEndpointMatcher(WireSettings.defaults()).operation("POST", "h", "/v1/responses"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_RESPONSES);
    assertThat(
            new LlmEndpointMatcher(WireSettings.defaults())
                .operation("POST", "h", "/v1/responses/resp_1/cancel"))
        .isNull();
    assertThat(
            new LlmEndpointMatcher(WireSettings.defaults()).operation("GET", "h", "/v1/responses"))
        .isNull();
  }

  @Test
  void jsonResponseFillsTheSpanFromRequestAndResponse() {
    WireExchange exchange = start(REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, RESPONSE);
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat qwen");
    assertThat(attr(span, "gen_ai.operation.name")).isEqualTo("chat");
    assertThat(attr(span, "openai.api.type")).isEqualTo("responses");
    assertThat(attr(span, "gen_ai.request.max_tokens")).isEqualTo(64L);
    assertThat(attr(span, "gen_ai.request.temperature")).isEqualTo(0.3);
    assertThat(attr(span, "gen_ai.request.top_p")).isEqualTo(0.9);
    assertThat(attr(span, "gen_ai.conversation.id")).isEqualTo("conv_42");
    assertThat(attr(span, "gen_ai.request.stream")).isEqualTo(false);
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo("resp_1");
    assertThat(attr(span, "gen_ai.response.model")).isEqualTo("qwen-served");
    assertThat(attr(span, "gen_ai.usage.input_tokens")).isEqualTo(30L);
    assertThat(attr(span, "gen_ai.usage.output_tokens")).isEqualTo(8L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(16L);
    assertThat(attr(span, "gen_ai.usage.reasoning.output_tokens")).isEqualTo(2L);
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void instructionsInputItemsAndOutputItemsAreCapturedRedacted() {
    WireExchange exchange = start(REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(exchange, RESPONSE);
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat((String) attr(span, "gen_ai.system_instructions"))
        .contains("Be brief.")
        .contains("<EMAIL>")
        .doesNotContain("ops@example.com");
    assertThat((String) attr(span, "gen_ai.input.messages"))
        .contains("Weather in Paris?")
        .contains("\"tool_call\"")
        .contains("call_1")
        .contains("\"tool_call_response\"")
        .contains("rainy");
    assertThat((String) attr(span, "gen_ai.output.messages"))
        .contains("It is rainy.")
        .contains("\"finish_reason\":\"stop\"");
  }

  @Test
  void functionCallOutputIsAToolCallWithFinishReasonToolCalls() {
    WireExchange exchange = start(REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(
        exchange,
        "{\"id\":\"resp_2\",\"status\":\"completed\",\"model\":\"qwen\",\"output\":[{\"type\":"
            + "\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_9\",\"name\":\"weather\",\"arguments\":\"{}\"}],"
            + USAGE
            + "}");
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("tool_calls"));
    assertThat((String) attr(span, "gen_ai.output.messages"))
        .contains("\"tool_call\"")
        .contains("call_9")
        .contains("weather");
  }

  @Test
  void incompleteResponseForMaxOutputTokensFinishesWithLength() {
    WireExchange exchange = start(REQUEST.formatted("false"));
    exchange.onResponse(200, "application/json");
    feedSplit(
        exchange,
        "{\"id\":\"resp_3\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":"
            + "\"max_output_tokens\"},\"model\":\"qwen\",\"output\":[],"
            + USAGE
            + "}");
    exchange.onComplete();

    assertThat(attr(onlySpan(), "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
  }

  @Test
  void streamedEventsGiveTimingContentAndUsageFromTheCompletedEvent() {
    WireExchange exchange = start(REQUEST.formatted("true"));
    exchange.onResponse(200, "text/event-stream");
    feedSplit(
        exchange,
        event(
                "response.created",
                "{\"type\":\"response.created\",\"sequence_number\":0,"
                    + "\"response\":{\"id\":\"resp_4\",\"status\":\"in_progress\",\"model\":\"qwen-served\",\"output\":[],"
                    + "\"usage\":null}}")
            + event("response.output_text.delta", delta("It is"))
            + event("response.output_text.delta", delta(" rainy."))
            + event(
                "response.completed",
                "{\"type\":\"response.completed\",\"response\":"
                    + RESPONSE.replace("resp_1", "resp_4")
                    + "}"));
    exchange.onComplete();

    SpanData span = onlySpan();
    assertThat(attr(span, "gen_ai.request.stream")).isEqualTo(true);
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo("resp_4");
    assertThat(attr(span, "gen_ai.usage.output_tokens")).isEqualTo(8L);
    assertThat(attr(span, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(16L);
    assertThat(attr(span, "gen_ai.usage.reasoning.output_tokens")).isEqualTo(2L);
    assertThat(attr(span, "genai_watch.usage.estimated")).isNull();
    assertThat(attr(span, "gen_ai.response.time_to_first_chunk")).isNotNull();
    assertThat(attr(span, "genai_watch.stream.chunks")).isEqualTo(4L);
    assertThat(attr(span, "gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
    assertThat((String) attr(span, "gen_ai.output.messages")).contains("It is rainy.");
  }

  @Test
  void streamClosedAfterTheCompletedEventIsCompleteNotClosedEarly() {
    WireExchange exchange = start(REQUEST.formatted("true"));
    exchange.onResponse(200, "text/event-stream");
    feedSplit(
        exchange,
        event("response.output_text.delta", delta("It"))
            + event(
                "response.completed",
                "{\"type\":\"response.completed\",\"response\":" + RESPONSE + "}"));
    exchange.onClose();

    assertThat(attr(onlySpan(), "genai_watch.stream.end")).isNull();
  }

  @Test
  void streamClosedBeforeTheCompletedEventEndsClosedWithTheTextSoFar() {
    WireExchange exchange = start(REQUEST.formatted("true"));
    exchange.onResponse(200, "text/event-stream");
    feedSplit(exchange, event("response.output_text.delta", delta("It is")));
    exchange.onClose();

    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat((String) attr(span, "gen_ai.output.messages")).contains("It is");
    assertThat(attr(span, "genai_watch.usage.estimated")).isEqualTo(true);
  }

  private static String delta(String text) {
    return "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
        + "\"delta\":\""
        + text
        + "\",\"logprobs\":[]}";
  }

  private static String event(String type, String data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }

  private static WireExchange start(String body) {
    return WireCalls.start(
        "okhttp",
        "POST",
        RESPONSES,
        () -> body.getBytes(StandardCharsets.UTF_8),
        false,
        Context.root());
  }

  private static void feedSplit(WireExchange exchange, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += 7) {
      exchange.onBytes(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
    }
  }

  private SpanData onlySpan() {
    List<SpanData> finished = telemetry.spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private static Object attr(SpanData span, String key) {
    for (Map.Entry<AttributeKey<?>, Object> e : span.getAttributes().asMap().entrySet()) {
      if (e.getKey().getKey().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }
}
