package dev.genaiwatch.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.BufferedSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interceptor and body wrapper, installed exactly as the advice installs them (the constructor
 * hook on the builder, the {@code newCall} hook for the caller's context), with real OkHttp against
 * the simulated vLLM-like server: execute, enqueue, okhttp-sse, early close and cancel.
 */
class GenAiWatchInterceptorTest extends InstrumentedOkHttpTestBase {
  @BeforeEach
  void setUp() {
    install(Map.of());
  }

  /** As the advice does: every call remembers the context it was created in. */
  private Call newCall(Request request) {
    Call call = client.newCall(request);
    OkHttpHooks.rememberContext(call);
    return call;
  }

  private Request chat(String question, boolean stream) {
    String json =
        "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + question
            + "\"}],\"max_tokens\":30,\"temperature\":0.5,\"stream\":"
            + stream
            + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
            + "}";
    return new Request.Builder()
        .url(sim.baseUrl() + "/chat/completions?api-version=secret-query")
        .header("Authorization", "Bearer sk-unit-test-secret")
        .post(RequestBody.create(json, JSON))
        .build();
  }

  @Test
  void executedChatGetsOneClientSpanWithRequestResponseAndUsageAndTheAppGetsTheWholeBody()
      throws Exception {
    String body;
    try (Response response = newCall(chat("Which river flows through Vienna?", false)).execute()) {
      body = response.body().string();
    }
    ServedResponse truth = sim.served().get(0);
    assertThat(body).contains(truth.id()).contains(truth.outputText().replace("\"", "\\\""));
    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat qwen2.5-7b-instruct");
    assertThat(span.getKind().name()).isEqualTo("CLIENT");
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(truth.id());
    assertThat(attrLong(span, "gen_ai.usage.input_tokens")).isEqualTo(truth.promptTokens());
    assertThat(attrLong(span, "gen_ai.usage.output_tokens")).isEqualTo(truth.completionTokens());
    assertThat(attrLong(span, "gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(truth.cachedTokens());
    assertThat(attrLong(span, "server.port")).isEqualTo(sim.port());
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")))
        .isEqualTo(0.5);
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("okhttp");
    assertThat(attr(span, "gen_ai.input.messages")).contains("Vienna");
    assertThat(span.getAttributes().toString())
        .doesNotContain("sk-unit-test-secret", "secret-query");
    ReceivedRequest received = sim.received().get(0);
    assertThat(received.traceparent())
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
  }

  @Test
  void enqueuedStreamIsAChildOfTheCallersSpanAndMeasuresTimeToFirstChunk() throws Exception {
    Span parent = telemetry.sdk.getTracer("app").spanBuilder("app request").startSpan();
    CompletableFuture<String> body = new CompletableFuture<>();
    try (Scope ignored = parent.makeCurrent()) {
      newCall(chat("Tell me about a windmill.", true))
          .enqueue(
              new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                  body.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                  try (response) {
                    body.complete(response.body().string());
                  }
                }
              });
    }
    String text = body.get(10, TimeUnit.SECONDS);
    parent.end();
    ServedResponse truth = sim.served().get(0);
    assertThat(text).endsWith("data: [DONE]\n\n");
    SpanData span = spanNamed("chat qwen2.5-7b-instruct");
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isEqualTo(truth.chunkCount());
    assertThat(attrLong(span, "gen_ai.usage.output_tokens")).isEqualTo(truth.completionTokens());
    assertThat(
            span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
        .isPositive();
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
    assertThat(attr(span, "gen_ai.output.messages"))
        .contains(truth.outputText().replace("\"", "\\\""));
  }

  @Test
  void eventSourceStreamEndsItsSpanWhenTheStreamCloses() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    EventSource source =
        eventSourceFactory(client)
            .newEventSource(
                chat("Describe a harbour at dawn.", true),
                new EventSourceListener() {
                  @Override
                  public void onEvent(
                      EventSource eventSource, String id, String type, String data) {
                    events.add(data);
                  }

                  @Override
                  public void onClosed(EventSource eventSource) {
                    closed.complete(null);
                  }

                  @Override
                  public void onFailure(EventSource eventSource, Throwable t, Response response) {
                    closed.completeExceptionally(t == null ? new IOException("failed") : t);
                  }
                });
    closed.get(10, TimeUnit.SECONDS);
    ServedResponse truth = sim.served().get(0);
    assertThat(events).hasSize(truth.chunkCount() + 1).last().isEqualTo("[DONE]");
    SpanData span = onlySpan();
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isEqualTo(truth.chunkCount());
    assertThat(attrLong(span, "gen_ai.usage.output_tokens")).isEqualTo(truth.completionTokens());
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
    source.cancel();
  }

  @Test
  void streamClosedAfterThreeEventsEndsClosedWithWhatWasRead() throws Exception {
    Request request =
        chat("Count slowly to one hundred.", true)
            .newBuilder()
            .post(
                RequestBody.create(
                    "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Count slowly to one hundred.\"}],\"max_tokens\":60,\"stream\":true}",
                    JSON))
            .build();
    int events = 0;
    try (Response response = newCall(request).execute()) {
      BufferedSource source = response.body().source();
      String line;
      while (events < 3 && (line = source.readUtf8Line()) != null) {
        if (line.startsWith("data:")) {
          events++;
        }
      }
    }
    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat(attrLong(span, "genai_watch.stream.chunks"))
        .isBetween(3L, (long) sim.served().get(0).chunkCount());
    assertThat(span.getStatus().getStatusCode().name()).isNotEqualTo("ERROR");
  }

  @Test
  void cancelledCallEndsItsStreamSpanClosedNotFailed() throws Exception {
    Call call = newCall(chat("Sketch a mountain village.", true));
    try (Response response = call.execute()) {
      BufferedSource source = response.body().source();
      source.readUtf8Line();
      call.cancel();
      assertThatThrownBy(
              () -> {
                while (source.readUtf8Line() != null) {
                  // Reads until OkHttp reports the cancellation.
                }
              })
          .isInstanceOf(IOException.class);
    } catch (IOException alreadyCancelled) {
      // Closing a cancelled response may fail too; the span must have ended either way.
    }
    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
  }

  @Test
  void requestsThatAreNotLlmCallsGetNoSpanAndNoTraceparent() throws Exception {
    try (Response response =
        newCall(new Request.Builder().url(sim.baseUrl() + "/models").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      response.body().string();
    }
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(sim.received().get(0).traceparent()).isNull();
  }

  @Test
  void callOwnedByALibrarySpanGetsNoSecondSpanButItsTraceparentAndCachedTokens() throws Exception {
    // The same long prompt twice: the simulated prefix cache then reports cached tokens.
    String question = "Summarise the history of the Danube river in great detail, ".repeat(8);
    try (Response warmUp = client.newCall(chat(question, false)).execute()) {
      warmUp.body().string();
    }
    spans.reset();
    LlmCall library = new LlmCall();
    library.instrumentation = "openai-java";
    library.operation = LlmCall.OP_CHAT;
    library.requestModel = "qwen2.5-7b-instruct";
    ActiveLlmCall active = GenAiWatch.instrumenter().start(library);
    try (Scope ignored = active.makeCurrent();
        Response response = newCall(chat(question, false)).execute()) {
      response.body().string();
    }
    active.end();
    ServedResponse truth = sim.served().get(1);
    assertThat(truth.cachedTokens()).isPositive();
    SpanData span = onlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("openai-java");
    assertThat(attrLong(span, "gen_ai.usage.cache_read.input_tokens"))
        .isEqualTo(truth.cachedTokens());
    assertThat(sim.received().get(1).traceparent()).contains(span.getSpanId());
  }

  @Test
  void sdkRequestSentWithoutItsCallsContextIsLeftToTheSdkInstrumentationOnceThatIsActive()
      throws Exception {
    Request sdkRequest =
        chat("async SDK call", false).newBuilder().header("X-Stainless-Lang", "java").build();
    // Before the openai-java instrumentation has started any call, nothing says it applies: the
    // wire level records.
    try (Response response = newCall(sdkRequest).execute()) {
      response.body().string();
    }
    assertThat(attr(onlySpan(), "genai_watch.instrumentation")).isEqualTo("okhttp");
    spans.reset();
    LlmCall library = new LlmCall();
    library.instrumentation = "openai-java";
    library.operation = LlmCall.OP_CHAT;
    ActiveLlmCall active = GenAiWatch.instrumenter().start(library);
    // The SDK's pool thread: no context, but the SDK's marker header.
    try (Response response = newCall(sdkRequest).execute()) {
      response.body().string();
    }
    active.end();
    assertThat(
            onlySpan().getAttributes().get(AttributeKey.stringKey("genai_watch.instrumentation")))
        .isEqualTo("openai-java");
  }

  @Test
  void readTimeoutEndsTheSpanWithErrorTypeTimeout() {
    // A builder from newBuilder() already carries the interceptor; the client it builds keeps
    // exactly one.
    OkHttpClient impatient = client.newBuilder().readTimeout(200, TimeUnit.MILLISECONDS).build();
    assertThat(impatient.interceptors())
        .filteredOn(i -> i instanceof GenAiWatchInterceptor)
        .hasSize(1);
    Request slow =
        chat("Too slow", false).newBuilder().header("X-Sim-Fault", "slow-first-byte:3000").build();
    Call call = impatient.newCall(slow);
    OkHttpHooks.rememberContext(call);
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class);
    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    assertThat(attr(span, "error.type")).isEqualTo("timeout");
  }

  @Test
  void httpErrorEndsTheSpanWithTheStatusCode() throws Exception {
    Request request = chat("Trigger 429", false).newBuilder().header("X-Sim-Fault", "429").build();
    try (Response response = newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(429);
      response.body().string();
    }
    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    assertThat(attr(span, "error.type")).isEqualTo("429");
  }

  private SpanData onlySpan() {
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return spans.getFinishedSpanItems().get(0);
  }

  private SpanData spanNamed(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static Long attrLong(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }

  /**
   * {@code EventSources.createFactory(client)}, bound at run time: okhttp-sse 5 takes a {@code
   * Call.Factory}, 4.x an {@code OkHttpClient}, so one compiled call site cannot serve both
   * versions.
   */
  static EventSource.Factory eventSourceFactory(OkHttpClient client)
      throws ReflectiveOperationException {
    for (Method method : EventSources.class.getMethods()) {
      if (method.getName().equals("createFactory")
          && method.getParameterCount() == 1
          && method.getParameterTypes()[0].isInstance(client)) {
        return (EventSource.Factory) method.invoke(null, client);
      }
    }
    throw new NoSuchMethodException(
        "EventSources.createFactory(" + client.getClass().getName() + ")");
  }
}
