package dev.genaiwatch.instrumentation.reactornetty;

import static dev.genaiwatch.core.testing.TestTelemetry.attr;
import static dev.genaiwatch.core.testing.TestTelemetry.attrLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.testing.ChatRequests;
import dev.genaiwatch.core.testing.TestTelemetry;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The callbacks and channel handler installed exactly as the advice installs them (on the client a
 * static factory returns), with real Reactor Netty against the simulated vLLM-like server:
 * aggregated and streamed responses, a cancelled stream, a body that can be read only once, a call
 * owned by a library span, requests that are not LLM calls, failures.
 */
class ReactorNettyWireTest {
  private final TestTelemetry telemetry = TestTelemetry.install(true);
  private final ConnectionProvider pool = ConnectionProvider.create("wire-test", 4);
  private final HttpClient client =
      (HttpClient) ReactorNettyHooks.instrument(HttpClient.create(pool));
  private SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency());

  @AfterEach
  void tearDown() {
    pool.disposeLater().block(Duration.ofSeconds(10));
    telemetry.close();
    sim.close();
  }

  private HttpClient.ResponseReceiver<?> post(String path, Flux<ByteBuf> body) {
    return client
        .headers(
            h ->
                h.set("Content-Type", "application/json")
                    .set("Authorization", "Bearer sk-unit-test-secret"))
        .post()
        .uri(sim.baseUrl() + path)
        .send(body);
  }

  private HttpClient.ResponseReceiver<?> chat(String question, boolean stream) {
    return post(
        "/chat/completions?api-version=secret-query",
        ByteBufFlux.fromString(Mono.just(ChatRequests.json(question, stream))));
  }

  private static String aggregated(HttpClient.ResponseReceiver<?> request) {
    return request.responseSingle((response, body) -> body.asString()).block();
  }

  @Test
  void aggregatedChatGetsOneClientSpanWithRequestResponseAndUsageAndTheAppGetsTheWholeBody() {
    String body = aggregated(chat("Which river flows through Vienna?", false));

    ServedResponse truth = sim.served().get(0);
    assertThat(body).contains(truth.id()).contains(truth.outputText().replace("\"", "\\\""));
    SpanData span = telemetry.awaitOnlySpan();
    assertThat(span.getName()).isEqualTo("chat " + ChatRequests.MODEL);
    assertThat(span.getKind().name()).isEqualTo("CLIENT");
    assertThat(attr(span, "gen_ai.response.id")).isEqualTo(truth.id());
    assertThat(attrLong(span, "gen_ai.usage.input_tokens")).isEqualTo(truth.promptTokens());
    assertThat(attrLong(span, "gen_ai.usage.output_tokens")).isEqualTo(truth.completionTokens());
    assertThat(attrLong(span, "server.port")).isEqualTo(sim.port());
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")))
        .isEqualTo(0.5);
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("reactor-netty");
    assertThat(attr(span, "gen_ai.input.messages")).contains("Vienna");
    assertThat(span.getAttributes().toString())
        .doesNotContain("sk-unit-test-secret", "secret-query");
    assertThat(sim.received().get(0).traceparent())
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
  }

  @Test
  void streamReadToTheEndCountsEveryChunkAndTheAppGetsEveryEvent() {
    List<String> parts =
        chat("Name three rivers.", true).responseContent().asString().collectList().block();

    ServedResponse truth = sim.served().get(0);
    String text = String.join("", parts);
    assertThat(text).contains(truth.id()).endsWith("data: [DONE]\n\n");
    SpanData span = telemetry.awaitOnlySpan();
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isEqualTo(truth.chunkCount());
    assertThat(attrLong(span, "gen_ai.usage.output_tokens")).isEqualTo(truth.completionTokens());
    assertThat(attr(span, "genai_watch.stream.end")).isNull();
    assertThat(attr(span, "gen_ai.output.messages"))
        .contains(truth.outputText().replace("\"", "\\\""));
  }

  @Test
  void streamCancelledAfterTwoChunksEndsClosedNotFailed() {
    sim.close();
    sim = SimulatedLlmServer.start(SimConfig.builder().decodeMillisPerToken(50).build());

    chat("Count slowly to one hundred.", true).responseContent().asString().take(2).blockLast();

    SpanData span = telemetry.awaitOnlySpan();
    assertThat(attr(span, "genai_watch.stream.end")).isEqualTo("closed");
    assertThat(span.getStatus().getStatusCode().name()).isNotEqualTo("ERROR");
    // Fewer than the 30 tokens asked for: the server was still generating when the app cancelled.
    assertThat(attrLong(span, "genai_watch.stream.chunks")).isBetween(1L, 29L);
  }

  @Test
  void bodyThatCanBeReadOnlyOnceReachesTheServerWholeAndIsOnTheSpan() {
    InputStream once =
        new ByteArrayInputStream(
            ChatRequests.json("Read me once.", false).getBytes(StandardCharsets.UTF_8));
    // Chunks of 16 bytes from a stream nobody can rewind: a second subscription sends nothing.
    Flux<ByteBuf> body =
        Flux.generate(
            sink -> {
              byte[] chunk = new byte[16];
              int n = readFrom(once, chunk);
              if (n < 0) {
                sink.complete();
              } else {
                sink.next(Unpooled.wrappedBuffer(chunk, 0, n));
              }
            });

    aggregated(post("/chat/completions", body));

    assertThat(sim.served().get(0).httpStatus()).isEqualTo(200);
    SpanData span = telemetry.awaitOnlySpan();
    assertThat(attr(span, "gen_ai.input.messages")).contains("Read me once.");
    assertThat(attr(span, "gen_ai.request.model")).isEqualTo(ChatRequests.MODEL);
  }

  @Test
  void callOwnedByALibrarySpanGetsNoSecondSpanButItsTraceparent() {
    ActiveLlmCall library = telemetry.startChat("spring-ai", false);
    try (Scope ignored = library.makeCurrent()) {
      aggregated(chat("Owned by the library", false));
    }
    library.end();

    SpanData span = telemetry.awaitOnlySpan();
    assertThat(attr(span, "genai_watch.instrumentation")).isEqualTo("spring-ai");
    assertThat(sim.received().get(0).traceparent()).contains(span.getSpanId());
  }

  @Test
  void requestsThatAreNotLlmCallsGetNoSpanAndNoTraceparent() {
    String models =
        client
            .get()
            .uri(sim.baseUrl() + "/models")
            .responseContent()
            .aggregate()
            .asString()
            .block();

    assertThat(models).contains(ChatRequests.MODEL);
    assertThat(sim.received().get(0).traceparent()).isNull();
    assertThat(telemetry.finished()).isEmpty();
  }

  @Test
  void httpErrorEndsTheSpanWithTheStatusCode() {
    String body =
        client
            .headers(h -> h.set("X-Sim-Fault", "429"))
            .post()
            .uri(sim.baseUrl() + "/chat/completions")
            .send(ByteBufFlux.fromString(Mono.just(ChatRequests.json("Trigger 429", false))))
            .responseSingle((response, content) -> content.asString())
            .block();

    assertThat(body).contains("rate");
    SpanData span = telemetry.awaitOnlySpan();
    assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    assertThat(attr(span, "error.type")).isEqualTo("429");
  }

  @Test
  void refusedConnectionEndsTheSpanFailed() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpClient.ResponseReceiver<?> refused =
        client
            .post()
            .uri("http://127.0.0.1:" + closedPort + "/v1/chat/completions")
            .send(ByteBufFlux.fromString(Mono.just(ChatRequests.json("Anyone there?", false))));

    assertThatThrownBy(() -> aggregated(refused)).isNotNull();

    SpanData span = telemetry.awaitOnlySpan();
    assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    assertThat(attr(span, "error.type")).isNotNull();
  }

  private static int readFrom(InputStream in, byte[] chunk) {
    try {
      return in.read(chunk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
