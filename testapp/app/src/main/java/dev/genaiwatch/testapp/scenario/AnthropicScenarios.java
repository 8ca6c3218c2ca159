package dev.genaiwatch.testapp.scenario;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Scenarios that use the Anthropic Java SDK (Messages API) the way an application would. */
final class AnthropicScenarios {
  static final String MODEL = "claude-sim-sonnet";
  private static final String KEY = "sk-ant-testapp-0123456789abcdefghij";

  private AnthropicScenarios() {}

  /** The Anthropic SDK appends {@code /v1/messages} to the server's root. */
  static String rootUrl(ScenarioContext ctx) {
    String base = ctx.baseUrl();
    return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
  }

  static AnthropicClient client(ScenarioContext ctx) {
    return AnthropicOkHttpClient.builder().baseUrl(rootUrl(ctx)).apiKey(KEY).maxRetries(0).build();
  }

  private static String text(Message m) {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : m.content()) {
      block.text().ifPresent(t -> sb.append(t.text()));
    }
    return sb + " [" + m.stopReason().map(r -> r.asString()).orElse("?") + "]";
  }

  @ScenarioName("anthropic-messages")
  private static void messages(ScenarioContext ctx) {
    Message m =
        client(ctx)
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model(MODEL)
                    .maxTokens(24)
                    .system("You are a concise assistant.")
                    .addUserMessage(
                        "What is the capital of Italy? Copy the answer to ops.lead@example.com.")
                    .stopSequences(List.of("END"))
                    .build());
    ctx.print("anthropic-messages", text(m));
  }

  /** A question to the chat model, answered in {@code maxTokens} tokens at most. */
  private static MessageCreateParams question(String question, long maxTokens) {
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(maxTokens)
        .addUserMessage(question)
        .build();
  }

  private static MessageCreateParams streamParams(String question) {
    return question(question, 32);
  }

  @ScenarioName("anthropic-messages-stream")
  private static void messagesStream(ScenarioContext ctx) {
    AnthropicClient client = client(ctx);
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(streamParams("Describe a lighthouse at night."))) {
      stream.stream().forEach(e -> append(e, text));
    }
    ctx.print("anthropic-messages-stream", text.toString());
    StringBuilder early = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(streamParams("Count slowly from one to forty."))) {
      stream.stream().limit(3).forEach(e -> append(e, early));
    }
    ctx.print("anthropic-messages-stream", "read 3 events: '" + early + "'");
  }

  private static void append(RawMessageStreamEvent event, StringBuilder text) {
    event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text()));
  }

  @ScenarioName("anthropic-messages-async")
  private static void messagesAsync(ScenarioContext ctx) {
    AnthropicClientAsync client =
        AnthropicOkHttpClientAsync.builder()
            .baseUrl(rootUrl(ctx))
            .apiKey(KEY)
            .maxRetries(0)
            .build();
    Message m = client.messages().create(question("Name three primary colours.", 16)).join();
    ctx.print("anthropic-messages-async", text(m));
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(streamParams("Write a haiku about winter."));
    stream.subscribe(
        e -> {
          synchronized (text) {
            append(e, text);
          }
        });
    stream.onCompleteFuture().join();
    synchronized (text) {
      ctx.print("anthropic-messages-async", text.toString());
    }
  }

  @ScenarioName("anthropic-tools")
  private static void tools(ScenarioContext ctx) {
    AnthropicClient client = client(ctx);
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .description("Current weather for a city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .required(List.of("city"))
                    .build())
            .build();
    // A long, cache-marked system prompt: the first call writes it to the prompt cache, the second
    // reads it.
    MessageCreateParams first =
        MessageCreateParams.builder()
            .model(MODEL)
            .maxTokens(48)
            .systemOfTextBlockParams(
                List.of(
                    TextBlockParam.builder()
                        .text(
                            "You are a weather assistant for a travel agency. Always use the tools. "
                                .repeat(8))
                        .cacheControl(CacheControlEphemeral.builder().build())
                        .build()))
            .addUserMessage("What is the weather in Lisbon?")
            .addTool(weather)
            .build();
    Message call = client.messages().create(first);
    ToolUseBlock use =
        call.content().stream()
            .filter(ContentBlock::isToolUse)
            .findFirst()
            .orElseThrow()
            .asToolUse();
    ctx.print("anthropic-tools", "tool " + use.name() + " " + use._input().toString());
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
                                    .toolUseId(use.id())
                                    .content("cloudy, 17 degrees")
                                    .build())))
                    .build());
    ctx.print("anthropic-tools", text(answer));
  }

  @ScenarioName("anthropic-errors")
  private static void errors(ScenarioContext ctx) {
    try {
      client(ctx)
          .messages()
          .create(
              MessageCreateParams.builder()
                  .model(MODEL)
                  .maxTokens(8)
                  .addUserMessage("Rate-limited question")
                  .putAdditionalHeader(OpenAiJavaScenarios.FAULT_HEADER, "429")
                  .build());
      ctx.print("anthropic-errors", "no error?");
    } catch (AnthropicServiceException e) {
      ctx.print("anthropic-errors", "fault " + e.statusCode() + " -> " + e.getClass().getName());
    }
  }

  /**
   * With a global OpenTelemetry the SDK traces itself; genai-watch must still leave exactly one
   * GenAI span per call. The count of the SDK's own spans goes to stderr, not to the output
   * compared with and without the agent (without the agent the SDK's span is the only one, and that
   * is the point).
   */
  @ScenarioName("anthropic-own-otel")
  private static void ownOpenTelemetry(ScenarioContext ctx) {
    AtomicInteger sdkSpans = new AtomicInteger();
    AtomicInteger appSpans = new AtomicInteger();
    SpanExporter counting =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData s : spans) {
              (s.getInstrumentationScopeInfo().getName().startsWith("com.anthropic")
                      ? sdkSpans
                      : appSpans)
                  .incrementAndGet();
            }
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(counting))
                    .build())
            .buildAndRegisterGlobal();
    Span request = sdk.getTracer("testapp").spanBuilder("handle request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      AnthropicClient client = client(ctx);
      Message m = client.messages().create(question("Which ocean is the largest?", 16));
      ctx.print("anthropic-own-otel", text(m));
      StringBuilder text = new StringBuilder();
      try (StreamResponse<RawMessageStreamEvent> stream =
          client.messages().createStreaming(streamParams("Which river is the longest?"))) {
        stream.stream().forEach(e -> append(e, text));
      }
      ctx.print("anthropic-own-otel", text.toString());
    } finally {
      request.end();
    }
    System.err.println(
        "anthropic-own-otel: sdk spans="
            + sdkSpans.get()
            + " app spans="
            + appSpans.get()
            + " trace="
            + request.getSpanContext().getTraceId());
  }
}
