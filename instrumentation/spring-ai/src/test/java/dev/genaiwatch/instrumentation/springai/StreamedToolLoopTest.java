package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.FrameworkSpan;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.support.UsageCalculator;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A tool loop inside a provider's stream, shaped as Spring AI 1.1's {@code
 * OpenAiChatModel.internalStream(prompt, previousChatResponse)}: each round's chunks go through a
 * {@code flatMap} that, on the response asking for a tool, runs the tools on {@code boundedElastic}
 * (with the Reactor context in {@code ToolCallReactiveContextHolder}) and continues with the next
 * round's {@code internalStream}, whose usage Spring AI sums with the earlier rounds' ({@code
 * UsageCalculator}). The advice's entry points are called where the agent inlines them.
 */
class StreamedToolLoopTest {
  private static final OpenAiChatModel MODEL =
      SpringAiTestObjects.openAiModel(
          "http://127.0.0.1:8000", OpenAiChatOptions.builder().model("qwen").build());
  private static final AttributeKey<Long> INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

  /** What the server served per round: tokens in and out. */
  private static final int[][] SERVED = {{20, 9}, {45, 7}};

  private final TestTelemetry telemetry = TestTelemetry.install(true);
  private final ToolCallback weather = new WeatherTool();

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void eachRoundIsItsOwnChatSpanWithItsOwnUsageAndTheToolRunsBetweenThemAsTheirSibling() {
    FrameworkSpan client =
        telemetry.instrumenter.startFrameworkSpan(
            "ChatClient.stream", SpringAiInstrumentationModule.NAME, new Object());
    client.exitScope();
    Flux<ChatResponse> stream = TracedStreams.framework(stream(new Prompt("weather?")), client, 0);

    List<ChatResponse> seen = stream.collectList().block();

    assertThat(text(seen)).isEqualTo("Tool said: sunny.");
    List<SpanData> spans = byStart(telemetry.finished());
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly("ChatClient.stream", "chat qwen", "execute_tool weather", "chat qwen");
    SpanData parent = spans.get(0);
    assertThat(spans.subList(1, 4))
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanId()));
    SpanData askedForTool = spans.get(1);
    SpanData tool = spans.get(2);
    SpanData answered = spans.get(3);
    assertThat(askedForTool.getEndEpochNanos()).isLessThanOrEqualTo(tool.getStartEpochNanos());
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(answered.getStartEpochNanos());
    assertThat(askedForTool.getAttributes().get(FINISH_REASONS)).containsExactly("tool_calls");
    assertThat(askedForTool.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("\"id\":\"call_1\"");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
        .isEqualTo("call_1");
    assertThat(answered.getAttributes().get(FINISH_REASONS)).containsExactly("stop");
    for (int round = 0; round < SERVED.length; round++) {
      SpanData chat = round == 0 ? askedForTool : answered;
      assertThat(chat.getAttributes().get(INPUT_TOKENS)).isEqualTo((long) SERVED[round][0]);
      assertThat(chat.getAttributes().get(OUTPUT_TOKENS)).isEqualTo((long) SERVED[round][1]);
    }
  }

  @Test
  void aChatModelStreamWithoutAChatClientStillGivesOneSpanPerRound() {
    List<ChatResponse> seen = stream(new Prompt("weather?")).collectList().block();

    assertThat(text(seen)).isEqualTo("Tool said: sunny.");
    List<SpanData> spans = byStart(telemetry.finished());
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly("chat qwen", "execute_tool weather", "chat qwen");
    assertThat(spans).allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
  }

  @Test
  void aModelCallInProgressWhereToolsStartIsTheRoundItEndsEvenInsideAStreamedRoundsTools() {
    // A tool of a streamed round calling a model itself, whose response asks for tools in turn.
    ActiveLlmCall streamedRound = telemetry.startChat(SpringAiInstrumentationModule.NAME, true);
    streamedRound.end();
    ActiveLlmCall inner = telemetry.startChat(SpringAiInstrumentationModule.NAME, false);
    ToolCallReactiveContextHolder.setContext(
        reactor.util.context.Context.of(TracedStreams.CONTEXT_KEY, streamedRound.context()));
    try (Scope ignored = inner.makeCurrent()) {
      Context tools =
          SpringAiCalls.toolRoundStarts(
              response(SpringAiTestObjects.askingForWeather(), "TOOL_CALLS", null));

      assertThat(inner.isEnded()).isTrue();
      assertThat(tools).isSameAs(inner.parentContext());
    } finally {
      ToolCallReactiveContextHolder.clearContext();
    }
  }

  /** {@code stream(Prompt)}: the provider's first {@code internalStream} round, both advised. */
  @SuppressWarnings("unchecked")
  private Flux<ChatResponse> stream(Prompt prompt) {
    return (Flux<ChatResponse>)
        SpringAiCalls.traceStreamRound(
            MODEL, new Object[] {prompt}, internalStream(prompt, null, 0), null);
  }

  @SuppressWarnings("unchecked")
  private Flux<ChatResponse> internalStream(Prompt prompt, ChatResponse previous, int round) {
    Flux<ChatResponse> provider =
        Flux.defer(() -> chunks(round, previous))
            .flatMap(
                response ->
                    hasToolCalls(response)
                        ? Flux.deferContextual(
                                context -> {
                                  ToolCallReactiveContextHolder.setContext(context);
                                  try {
                                    runTools(response);
                                  } finally {
                                    ToolCallReactiveContextHolder.clearContext();
                                  }
                                  return internalStream(prompt, response, round + 1);
                                })
                            .subscribeOn(Schedulers.boundedElastic())
                        : Flux.just(response));
    return (Flux<ChatResponse>)
        SpringAiCalls.traceStreamRound(MODEL, new Object[] {prompt, previous}, provider, null);
  }

  /** {@code ToolCallingManager.executeToolCalls} as advised: the round, then the tool's call. */
  private void runTools(ChatResponse response) {
    try (Scope round = SpringAiFrameworkCalls.startToolRound(response)) {
      String arguments = response.getResult().getOutput().getToolCalls().get(0).arguments();
      FrameworkSpan span = SpringAiFrameworkCalls.startTool(weather, arguments);
      SpringAiFrameworkCalls.endTool(span, weather.call(arguments), null);
    }
  }

  /**
   * A round's chunks as 1.1's OpenAI module hands them on: usage summed with the earlier rounds' on
   * every chunk, the usage-only last chunk's usage also on the one before it (stream usage on).
   */
  private static Flux<ChatResponse> chunks(int round, ChatResponse previous) {
    Usage served = new DefaultUsage(SERVED[round][0], SERVED[round][1]);
    Usage none = UsageCalculator.getCumulativeUsage(new DefaultUsage(0, 0), previous);
    Usage total = UsageCalculator.getCumulativeUsage(served, previous);
    if (round == 0) {
      return Flux.just(response(SpringAiTestObjects.askingForWeather(), "TOOL_CALLS", total));
    }
    return Flux.just(
        response(new AssistantMessage("Tool said: "), null, none),
        response(new AssistantMessage("sunny."), "STOP", total),
        response(null, null, total));
  }

  private static ChatResponse response(AssistantMessage output, String finish, Usage usage) {
    return SpringAiTestObjects.response(output, finish, usage);
  }

  private static boolean hasToolCalls(ChatResponse response) {
    return response.getResult() != null && response.getResult().getOutput().hasToolCalls();
  }

  private static String text(List<ChatResponse> responses) {
    StringBuilder text = new StringBuilder();
    for (ChatResponse response : responses) {
      if (response.getResult() != null && response.getResult().getOutput().getText() != null) {
        text.append(response.getResult().getOutput().getText());
      }
    }
    return text.toString();
  }

  private static List<SpanData> byStart(List<SpanData> spans) {
    return spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
  }

  private static final class WeatherTool implements ToolCallback {
    @Override
    public ToolDefinition getToolDefinition() {
      return ToolDefinition.builder()
          .name("weather")
          .description("The weather")
          .inputSchema("{}")
          .build();
    }

    @Override
    public String call(String toolInput) {
      return "sunny";
    }
  }
}
