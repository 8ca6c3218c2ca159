package dev.genaiwatch.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import org.junit.jupiter.api.Test;

/**
 * The request body is observed as OkHttp writes it for the real send, never written an extra time:
 * proved with a body that streams from a single-use source and declares neither one-shot nor duplex
 * (so OkHttp may assume it repeatable), against the simulated server, which must receive it whole.
 */
class ObservingRequestBodyTest extends InstrumentedOkHttpTestBase {
  /**
   * Streams its bytes from an InputStream that can be read once; a second write would send nothing.
   */
  static final class ReadOnceBody extends RequestBody {
    private final byte[] content;
    private final InputStream source;
    private final boolean oneShot;
    final AtomicInteger writes = new AtomicInteger();

    ReadOnceBody(String json, boolean oneShot) {
      this.content = json.getBytes(StandardCharsets.UTF_8);
      this.source = new ByteArrayInputStream(content);
      this.oneShot = oneShot;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return content.length;
    }

    @Override
    public boolean isOneShot() {
      return oneShot;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      writes.incrementAndGet();
      sink.writeAll(Okio.source(source));
    }
  }

  private static String chatJson(String question) {
    return "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + question
        + "\"}],\"max_tokens\":30,\"temperature\":0.5,\"stream\":false}";
  }

  private Response execute(String path, RequestBody body) throws IOException {
    Request request = new Request.Builder().url(sim.baseUrl() + path).post(body).build();
    var call = client.newCall(request);
    OkHttpHooks.rememberContext(call);
    return call.execute();
  }

  @Test
  void aBodyReadableOnlyOnceIsWrittenOnceAndReachesTheServerWhole() throws Exception {
    install(Map.of());
    ReadOnceBody body = new ReadOnceBody(chatJson("Which river flows through Vienna?"), false);
    try (Response response = execute("/chat/completions", body)) {
      assertThat(response.code()).isEqualTo(200);
      response.body().string();
    }

    assertThat(body.writes.get()).isEqualTo(1);
    ServedResponse truth = sim.served().get(0);
    assertThat(truth.httpStatus()).isEqualTo(200);
    assertThat(truth.model()).isEqualTo("qwen2.5-7b-instruct");
    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat qwen2.5-7b-instruct");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
        .isEqualTo("qwen2.5-7b-instruct");
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")))
        .isEqualTo(0.5);
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens")))
        .isEqualTo(30L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
        .contains("Vienna");
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(truth.promptTokens());
  }

  @Test
  void aDeclaredOneShotBodyIsObservedTooInsteadOfLeftUnread() throws Exception {
    install(Map.of());
    ReadOnceBody body = new ReadOnceBody(chatJson("Name a northern lake."), true);
    try (Response response = execute("/chat/completions", body)) {
      response.body().string();
    }

    assertThat(body.writes.get()).isEqualTo(1);
    assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
        .contains("northern lake");
  }

  @Test
  void aResponsesApiBodyReadableOnlyOnceGivesTheSpanItsRequest() throws Exception {
    install(Map.of());
    ReadOnceBody body =
        new ReadOnceBody(
            "{\"model\":\"qwen2.5-7b-instruct\",\"instructions\":\"Be terse.\","
                + "\"input\":\"Name a red fruit.\",\"max_output_tokens\":20}",
            false);
    try (Response response = execute("/responses", body)) {
      assertThat(response.code()).isEqualTo(200);
      response.body().string();
    }

    assertThat(body.writes.get()).isEqualTo(1);
    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat qwen2.5-7b-instruct");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("openai.api.type")))
        .isEqualTo("responses");
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens")))
        .isEqualTo(20L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.system_instructions")))
        .contains("Be terse.");
  }

  @Test
  void aBodyOverTheLimitIsSentWholeAndOnlyMarksTheSpan() throws Exception {
    install(Map.of("genai.watch.wire.max.body.bytes", "64"));
    ReadOnceBody body =
        new ReadOnceBody(
            chatJson("Which river flows through Budapest, and which through Vienna?"), false);
    try (Response response = execute("/chat/completions", body)) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(body.writes.get()).isEqualTo(1);
    assertThat(sim.served()).extracting(ServedResponse::httpStatus).isEqualTo(List.of(200));
    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("genai_watch.content.truncated")))
        .isTrue();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isNull();
  }

  private SpanData onlySpan() {
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return spans.getFinishedSpanItems().get(0);
  }
}
