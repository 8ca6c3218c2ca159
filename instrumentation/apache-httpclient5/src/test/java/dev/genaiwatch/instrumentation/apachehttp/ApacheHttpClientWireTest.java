package dev.genaiwatch.instrumentation.apachehttp;

import static dev.genaiwatch.core.testing.TestTelemetry.attr;
import static dev.genaiwatch.core.testing.TestTelemetry.attrLong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.testing.ChatRequests;
import dev.genaiwatch.core.testing.TestTelemetry;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.async.methods.AbstractCharResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handlers installed exactly as the advice installs them (on the builder just before {@code
 * build()}), with real HttpClient 5 classic and async clients against the simulated vLLM-like
 * server: JSON and streamed responses, streams closed or cancelled early, an entity that can be
 * read only once, a call owned by a library span, requests that are not LLM calls, HTTP errors.
 */
class ApacheHttpClientWireTest {
  private final TestTelemetry telemetry = TestTelemetry.install(true);
  private SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
  private final CloseableHttpClient classic = classicClient();
  private final CloseableHttpAsyncClient async = asyncClient();

  private static CloseableHttpClient classicClient() {
    HttpClientBuilder builder = HttpClientBuilder.create();
    ApacheHttpClientHooks.addClassicHandler(builder);
    return builder.build();
  }

  private static CloseableHttpAsyncClient asyncClient() {
    HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create();
    ApacheHttpClientHooks.addAsyncHandler(builder);
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    return client;
  }

  @AfterEach
  void tearDown() throws IOException {
    classic.close();
    async.close();
    telemetry.close();
    sim.close();
  }

  private HttpPost chat(String question, boolean stream) {
    HttpPost post = new HttpPost(sim.baseUrl() + "/chat/completions?api-version=secret-query");
    post.setHeader("Authorization", "Bearer sk-unit-test-secret");
    post.setEntity(
        new StringEntity(ChatRequests.json(question, stream), ContentType.APPLICATION_JSON));
    return post;
  }

  private SimpleHttpRequest asyncChat(String question, boolean stream) {
    return SimpleRequestBuilder.post(sim.baseUrl() + "/chat/completions")
        .setBody(ChatRequests.json(question, stream), ContentType.APPLICATION_JSON)
        .build();
  }

  @Test
  void classicChatGetsOneClientSpanWithRequestResponseAndUsageAndTheAppGetsTheWholeBody()
      throws Exception {
    String body =
        classic.execute(
            chat("Which river flows through Vienna?", false),
            response -> EntityUtils.toString(response.getEntity()));

    ServedResponse truth = sim.served().get(0);
    SpanData span = telemetry.onlySpan();
    assertThat(span.getName()).isEqualTo("chat " + ChatRequests.MODEL);
    assertThat(span.getKind().name()).isEqualTo("CLIENT");
    assertThat(span.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("gen_ai.response.id"), truth.id())
        .containsEntry(
            AttributeKey.longKey("gen_ai.usage.input_tokens"), (long) truth.promptTokens())
        .containsEntry(
            AttributeKey.longKey("gen_ai.usage.output_tokens"), (long) truth.completionTokens())
        .containsEntry(AttributeKey.longKey("server.port"), (long) sim.port())
        .containsEntry(AttributeKey.stringKey("genai_watch.instrumentation"), "apache-httpclient5");
    assertThat(body).contains(truth.id()).contains(truth.outputText().replace("\"", "\\\""));
    assertThat(attr(span, "gen_ai.input.messages")).contains("Vienna");
    assertThat(sim.received().get(0).traceparent())
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
  }

  @Test
  void theAuthorizationHeaderAndTheQueryStringNeverReachTheSpan() throws Exception {
    classic.execute(
        chat("Keep my key", false), response -> EntityUtils.toString(response.getEntity()));

    assertThat(telemetry.onlySpan().getAttributes().toString())
        .doesNotContain("sk-unit-test-secret", "secret-query");
  }

  @Test
  void classicStreamReadToTheEndCountsEveryChunk() throws Exception {
    String body =
        classic.execute(
            chat("Name three rivers.", true),
            response -> EntityUtils.toString(response.getEntity()));

    ServedResponse truth = sim.served().get(0);
    assertThat(body).contains(truth.id()).endsWith("data: [DONE]\n\n");
    SpanData span = telemetry.onlySpan();
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isEqualTo(truth.chunkCount());
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
    assertThat(attr(span, "gen_ai.output.messages"))
        .contains(truth.outputText().replace("\"", "\\\""));
  }

  @Test
  void classicStreamClosedAfterThreeEventsEndsClosedWithWhatWasRead() throws Exception {
    int events = 0;
    try (ClassicHttpResponse response =
        classic.executeOpen(null, chat("Count slowly to one hundred.", true), null)) {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
      String line;
      while (events < 3 && (line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          events++;
        }
      }
    }

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat(span.getStatus().getStatusCode().name()).isNotEqualTo("ERROR");
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isBetween(3L, 29L);
  }

  @Test
  void entityThatCanBeReadOnlyOnceReachesTheServerWholeAndIsOnTheSpan() throws Exception {
    InputStream once =
        new ByteArrayInputStream(
            ChatRequests.json("Read me once.", false).getBytes(StandardCharsets.UTF_8));
    HttpPost post = new HttpPost(sim.baseUrl() + "/chat/completions");
    // Not repeatable, length unknown: HttpClient writes it once, chunked.
    post.setEntity(new InputStreamEntity(once, -1, ContentType.APPLICATION_JSON));

    int status = statusOf(post);

    assertThat(status).isEqualTo(200);
    assertThat(sim.served().get(0).httpStatus()).isEqualTo(200);
    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "gen_ai.input.messages")).contains("Read me once.");
    assertThat(attr(span, "gen_ai.request.model")).isEqualTo(ChatRequests.MODEL);
  }

  @Test
  void classicCallOwnedByALibrarySpanGetsNoSecondSpanButItsTraceparent() throws Exception {
    ActiveLlmCall library = telemetry.startChat("spring-ai", false);
    try (Scope ignored = library.makeCurrent()) {
      classic.execute(
          chat("Owned by the library", false),
          response -> EntityUtils.toString(response.getEntity()));
    }
    library.end();

    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("spring-ai");
    assertThat(sim.received().get(0).traceparent()).contains(span.getSpanId());
  }

  @Test
  void requestObjectSentTwiceGetsAFreshTraceparentEachTime() throws Exception {
    HttpPost post = chat("Twice", false);
    for (int i = 0; i < 2; i++) {
      classic.execute(post, response -> EntityUtils.toString(response.getEntity()));
    }

    assertThat(telemetry.finished()).hasSize(2);
    assertThat(sim.received().get(0).traceparent())
        .contains(telemetry.finished().get(0).getSpanId());
    assertThat(sim.received().get(1).traceparent())
        .contains(telemetry.finished().get(1).getSpanId());
    assertThat(post.getFirstHeader("traceparent")).isNull();
  }

  @Test
  void requestsThatAreNotLlmCallsGetNoSpanAndNoTraceparent() throws Exception {
    String models =
        classic.execute(
            new HttpGet(sim.baseUrl() + "/models"),
            response -> EntityUtils.toString(response.getEntity()));

    assertThat(models).contains(ChatRequests.MODEL);
    assertThat(sim.received().get(0).traceparent()).isNull();
    assertThat(telemetry.finished()).isEmpty();
  }

  @Test
  void classicHttpErrorEndsTheSpanWithTheStatusCode() throws Exception {
    HttpPost post = chat("Trigger 429", false);
    post.setHeader("X-Sim-Fault", "429");

    int status = statusOf(post);

    assertThat(status).isEqualTo(429);
    SpanData span = telemetry.onlySpan();
    assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    assertThat(attr(span, "error.type")).isEqualTo("429");
  }

  @Test
  void asyncChatGetsOneClientSpanAndTheAppGetsTheWholeBody() throws Exception {
    SimpleHttpResponse response =
        async
            .execute(asyncChat("Which river flows through Budapest?", false), null)
            .get(10, TimeUnit.SECONDS);

    ServedResponse truth = sim.served().get(0);
    assertThat(response.getBodyText()).contains(truth.id());
    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("apache-httpclient5");
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(truth.id());
    assertThat(attrLong(span, "gen_ai.usage.output_tokens")).isEqualTo(truth.completionTokens());
    assertThat(attr(span, "gen_ai.input.messages")).contains("Budapest");
    assertThat(sim.received().get(0).traceparent()).contains(span.getSpanId());
  }

  @Test
  void asyncStreamReadToTheEndCountsEveryChunk() throws Exception {
    SimpleHttpRequest request = asyncChat("Name three lakes.", true);
    SimpleHttpResponse response =
        async
            .execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), null)
            .get(10, TimeUnit.SECONDS);

    ServedResponse truth = sim.served().get(0);
    assertThat(response.getBodyText()).endsWith("data: [DONE]\n\n");
    SpanData span = telemetry.onlySpan();
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isEqualTo(truth.chunkCount());
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
  }

  @Test
  void asyncStreamCancelledAfterTheFirstDataEndsClosedNotFailed() throws Exception {
    sim.close();
    sim = SimulatedLlmServer.start(SimConfig.builder().decodeMillisPerToken(50).build());
    CompletableFuture<Void> firstData = new CompletableFuture<>();
    AtomicBoolean sawData = new AtomicBoolean();
    SimpleHttpRequest request = asyncChat("Count slowly to one hundred.", true);
    Future<Void> call =
        async.execute(
            SimpleRequestProducer.create(request),
            new AbstractCharResponseConsumer<Void>() {
              @Override
              protected void start(HttpResponse response, ContentType contentType) {}

              @Override
              protected int capacityIncrement() {
                return Integer.MAX_VALUE;
              }

              @Override
              protected void data(CharBuffer data, boolean endOfStream) {
                if (sawData.compareAndSet(false, true)) {
                  firstData.complete(null);
                }
              }

              @Override
              protected Void buildResult() {
                return null;
              }

              @Override
              public void releaseResources() {}
            },
            null);
    firstData.get(10, TimeUnit.SECONDS);

    call.cancel(true);

    SpanData span = telemetry.awaitOnlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat(span.getStatus().getStatusCode().name()).isNotEqualTo("ERROR");
  }

  @Test
  void asyncStreamCancelledAfterTheWholeResponseArrivedStaysComplete() throws Exception {
    Future<SimpleHttpResponse> call =
        async.execute(
            SimpleRequestProducer.create(asyncChat("Name three seas.", true)),
            SimpleResponseConsumer.create(),
            null);
    SimpleHttpResponse response = call.get(10, TimeUnit.SECONDS);

    call.cancel(true);

    assertThat(response.getBodyText()).endsWith("data: [DONE]\n\n");
    SpanData span = telemetry.onlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
    assertThat(attrLong(span, "genai_watch.stream.chunks"))
        .isEqualTo(sim.served().get(0).chunkCount());
  }

  /** The status, the body read and discarded. */
  private int statusOf(HttpPost post) throws IOException {
    return classic.execute(
        post,
        response -> {
          EntityUtils.consume(response.getEntity());
          return response.getCode();
        });
  }
}
