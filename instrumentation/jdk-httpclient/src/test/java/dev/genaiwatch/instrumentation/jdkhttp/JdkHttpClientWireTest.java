package dev.genaiwatch.instrumentation.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks the advice calls, driven exactly as the advice drives them (swap request and handler,
 * then report the outcome), with a real JDK HttpClient against a real local HTTP server.
 */
class JdkHttpClientWireTest {
  private static final String REQUEST =
      "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
          + "\"stream\":true}";
  private static final String SSE =
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"He\"}}]}\n\n"
          + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo\"},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: [DONE]\n\n";

  private final List<Map<String, List<String>>> receivedHeaders = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private TestTelemetry telemetry;
  private InMemorySpanExporter spans;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void setUp() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          receivedHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
          exchange.getRequestBody().readAllBytes();
          byte[] body = SSE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    telemetry = TestTelemetry.install(true, Map.of());
    spans = telemetry.spans;
  }

  @AfterEach
  void tearDown() {
    telemetry.close();
    server.stop(0);
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .header("Authorization", "Bearer sk-secret")
        .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
        .build();
  }

  /** What the advice does around {@code send}. */
  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws Exception {
    Object[] swapped = JdkHttpClientWire.onSend(new Object[] {request, handler});
    if (swapped == null) {
      return client.send(request, handler);
    }
    @SuppressWarnings("unchecked")
    HttpResponse.BodyHandler<T> observing = (HttpResponse.BodyHandler<T>) swapped[1];
    HttpResponse<T> response = client.send((HttpRequest) swapped[0], observing);
    JdkHttpClientWire.onSent(swapped[2], response);
    return response;
  }

  @Test
  void theServerReceivesTheGenAiSpansTraceparentAndTheSameBody() throws Exception {
    HttpResponse<String> response =
        send(request("/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo(SSE);
    SpanData span = onlySpan();
    assertThat(receivedHeaders.get(0).get("Traceparent"))
        .containsExactly(
            "00-"
                + span.getTraceId()
                + "-"
                + span.getSpanId()
                + "-"
                + span.getSpanContext().getTraceFlags().asHex());
    assertThat(receivedHeaders.get(0).get("Authorization")).containsExactly("Bearer sk-secret");
    assertThat(span.getName()).isEqualTo("chat qwen");
    assertThat(span.getAttributes().get(AttributeKey.longKey("genai_watch.stream.chunks")))
        .isEqualTo(2L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("Hello");
    assertThat(span.getAttributes().toString()).doesNotContain("sk-secret");
  }

  @Test
  void aTraceparentTheApplicationSetIsLeftAlone() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    send(
        HttpRequest.newBuilder(request("/v1/chat/completions"), (n, v) -> true)
            .header("traceparent", own)
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(receivedHeaders.get(0).get("Traceparent")).containsExactly(own);
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void linesReadThroughOfLinesAreTheServersLinesAndEndTheSpan() throws Exception {
    HttpResponse<Stream<String>> response =
        send(request("/v1/chat/completions"), HttpResponse.BodyHandlers.ofLines());
    String lines;
    try (Stream<String> s = response.body()) {
      lines = s.collect(Collectors.joining("\n", "", "\n"));
    }
    assertThat(lines).isEqualTo(SSE);
    assertThat(
            onlySpan()
                .getAttributes()
                .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
  }

  @Test
  void inputStreamClosedBeforeTheEndEndsTheSpanClosedOrComplete() throws Exception {
    HttpResponse<InputStream> response =
        send(request("/v1/chat/completions"), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      assertThat(in.read()).isEqualTo('d');
    }
    // Whatever had arrived before the close is on the span; the span always ends.
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void otherPathsAreSentUntouched() throws Exception {
    send(request("/upload"), HttpResponse.BodyHandlers.ofString());

    assertThat(receivedHeaders.get(0)).doesNotContainKey("Traceparent");
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void refusedConnectionEndsTheSpanWithTheExceptionClass() throws Exception {
    HttpRequest refused =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/v1/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
            .build();
    Object[] swapped =
        JdkHttpClientWire.onSend(new Object[] {refused, HttpResponse.BodyHandlers.ofString()});
    try {
      client.send((HttpRequest) swapped[0], HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      JdkHttpClientWire.onSent(swapped[2], e);
    }
    assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.net.ConnectException");
  }

  private SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }
}
