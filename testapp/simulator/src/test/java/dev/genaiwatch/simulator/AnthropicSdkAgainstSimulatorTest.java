package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages}, checked with the real Anthropic Java SDK, which parses the JSON and
 * SSE shapes.
 */
class AnthropicSdkAgainstSimulatorTest extends AgainstSimulator {
  private static AnthropicClient client;

  @BeforeAll
  static void startClient() {
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(sim.rootUrl())
            .apiKey("sk-ant-test")
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }

  @BeforeEach
  void clearPrefixCache() {
    sim.clearPrefixCache();
  }

  private static MessageCreateParams.Builder ask(String question) {
    return MessageCreateParams.builder()
        .model("claude-sim")
        .maxTokens(32)
        .system("Be brief.")
        .addUserMessage(question);
  }

  @Test
  void aMessageCarriesTheServedTextStopReasonAndUsage() {
    Message m = client.messages().create(ask("What is the capital of France?").build());

    ServedResponse served = sim.served().get(0);
    assertThat(served.endpoint()).isEqualTo(ServedResponse.MESSAGES);
    assertThat(m.id()).isEqualTo(served.id());
    assertThat(m.content().get(0).asText().text()).isEqualTo(served.outputText());
    assertThat(m.stopReason().orElseThrow().asString())
        .isEqualTo(served.finishReason())
        .isIn("end_turn", "max_tokens");
    assertThat(m.usage().inputTokens()).isEqualTo(served.promptTokens());
    assertThat(m.usage().outputTokens()).isEqualTo(served.completionTokens());
    assertThat(m.usage().cacheReadInputTokens()).contains(0L);
    assertThat(m.usage().cacheCreationInputTokens()).contains(0L);
  }

  @Test
  void aRepeatedPromptReadsThePrefixCacheAndACacheControlledOneWritesTheRest() {
    MessageCreateParams params =
        MessageCreateParams.builder()
            .model("claude-sim")
            .maxTokens(16)
            .systemOfTextBlockParams(
                List.of(
                    TextBlockParam.builder()
                        .text("A long shared instruction block. ".repeat(20))
                        .cacheControl(CacheControlEphemeral.builder().build())
                        .build()))
            .addUserMessage("Question one")
            .build();

    Message first = client.messages().create(params);
    Message second = client.messages().create(params);

    ServedResponse truth = sim.served().get(1);
    assertThat(first.usage().cacheCreationInputTokens())
        .contains((long) sim.served().get(0).promptTokens());
    assertThat(second.usage().cacheReadInputTokens()).contains((long) truth.cachedTokens());
    assertThat(truth.cachedTokens()).isPositive();
    assertThat(
            second.usage().inputTokens()
                + truth.cachedTokens()
                + second.usage().cacheCreationInputTokens().orElseThrow())
        .isEqualTo(truth.promptTokens());
  }

  @Test
  void aStreamHasTheMessagesApiEventsInOrderAndTheServedText() {
    StringBuilder text = new StringBuilder();
    List<String> types;
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(ask("Describe a lighthouse").build())) {
      List<RawMessageStreamEvent> events = stream.stream().toList();
      types = events.stream().map(AnthropicSdkAgainstSimulatorTest::typeOf).toList();
      events.stream()
          .filter(RawMessageStreamEvent::isContentBlockDelta)
          .forEach(e -> text.append(e.asContentBlockDelta().delta().asText().text()));
      RawMessageStreamEvent delta =
          events.stream().filter(RawMessageStreamEvent::isMessageDelta).findFirst().orElseThrow();
      ServedResponse served = sim.served().get(0);
      assertThat(delta.asMessageDelta().usage().outputTokens())
          .isEqualTo(served.completionTokens());
      assertThat(delta.asMessageDelta().delta().stopReason().orElseThrow().asString())
          .isEqualTo(served.finishReason());
      assertThat(served.chunkCount()).isEqualTo(events.size() + 1); // the ping is not an SDK event
    }
    assertThat(types.get(0)).isEqualTo("message_start");
    assertThat(types.get(1)).isEqualTo("content_block_start");
    assertThat(types.subList(types.size() - 3, types.size()))
        .containsExactly("content_block_stop", "message_delta", "message_stop");
    assertThat(text.toString()).isEqualTo(sim.served().get(0).outputText());
  }

  private static String typeOf(RawMessageStreamEvent e) {
    if (e.isMessageStart()) return "message_start";
    if (e.isContentBlockStart()) return "content_block_start";
    if (e.isContentBlockDelta()) return "content_block_delta";
    if (e.isContentBlockStop()) return "content_block_stop";
    if (e.isMessageDelta()) return "message_delta";
    return e.isMessageStop() ? "message_stop" : "?";
  }

  @Test
  void toolsGetAToolUseBlockThenAnAnswerQuotingTheToolResult() {
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .required(List.of("city"))
                    .build())
            .build();
    MessageCreateParams first = ask("What is the weather in Paris?").addTool(weather).build();
    Message call = client.messages().create(first);

    assertThat(call.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
    var toolUse = call.content().get(0).asToolUse();
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(toolUse.id()).isEqualTo(sim.served().get(0).toolCalls().get(0).id());

    Message answer =
        client
            .messages()
            .create(
                first.toBuilder()
                    .addMessage(call)
                    .addUserMessageOfContentBlockParams(
                        List.of(
                            ContentBlockParam.ofToolResult(
                                ToolResultBlockParam.builder()
                                    .toolUseId(toolUse.id())
                                    .content("sunny, 21 degrees")
                                    .build())))
                    .build());
    assertThat(answer.content().get(0).asText().text()).startsWith("Tool said: sunny, 21 degrees.");
  }

  @Test
  void aRateLimitFaultIsAnAnthropicRateLimitError() {
    sim.enqueueFaults(Fault.RATE_LIMIT_429);

    assertThatThrownBy(() -> client.messages().create(ask("Hi").build()))
        .isInstanceOf(RateLimitException.class);
    assertThat(sim.served().get(0).httpStatus()).isEqualTo(429);
  }
}
