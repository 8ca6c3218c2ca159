package dev.genaiwatch.instrumentation.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.types.GenerateContentResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A response stream observed through the iterator the application reads (chunks pass unchanged),
 * closed early, failing; and the traceparent on the request the SDK builds.
 */
class ContentStreamTest {
  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  private static GenerateContentResponse chunk(String text, String finish, int sent) {
    return GenerateContentResponse.fromJson(
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\""
            + text
            + "\"}]}"
            + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"")
            + "}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":"
            + sent
            + "},\"responseId\":\"s-1\"}");
  }

  private static List<GenerateContentResponse> chunks() {
    return List.of(chunk("Hel", null, 1), chunk("lo", null, 2), chunk("!", "MAX_TOKENS", 3));
  }

  /** A stand-in for the SDK's {@code ResponseStream}: any object, registered like one. */
  private Iterator<?> observed(Object stream, Iterator<GenerateContentResponse> source) {
    ActiveLlmCall call = telemetry.startChat("google-genai", true);
    ObservedResponseStreams.register(stream, new ContentStream(call));
    return (Iterator<?>) ObservedResponseStreams.iterator(stream, source);
  }

  @Test
  void aStreamReadToTheEndEndsItsSpanWithUsageFinishReasonAndText() {
    List<Object> read = new ArrayList<>();
    observed(new Object(), chunks().iterator()).forEachRemaining(read::add);

    assertThat(read).containsExactlyElementsOf(chunks());
    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(9L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(3L);
    assertThat(a.get(AttributeKey.longKey("genai_watch.stream.chunks"))).isEqualTo(3L);
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("length");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("\"content\":\"Hello!\"");
    assertThat(a.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isNotNull();
  }

  @Test
  void aStreamClosedBeforeItsEndEndsItsSpanAsClosed() {
    Object stream = new Object();
    Iterator<?> it = observed(stream, chunks().iterator());
    it.next();
    assertThat(telemetry.finished()).isEmpty();

    ObservedResponseStreams.closed(stream);

    Attributes a = telemetry.onlySpan().getAttributes();
    assertThat(a.get(AttributeKey.stringKey("genai_watch.stream.end"))).isEqualTo("closed");
    assertThat(a.get(AttributeKey.longKey("genai_watch.stream.chunks"))).isEqualTo(1L);
  }

  @Test
  void aFailingStreamRethrowsTheSdksExceptionAndEndsItsSpanAsAnError() {
    IllegalStateException broken = new IllegalStateException("stream broke");
    Iterator<GenerateContentResponse> failing =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            throw broken;
          }

          @Override
          public GenerateContentResponse next() {
            throw broken;
          }
        };
    Iterator<?> it = observed(new Object(), failing);

    assertThatThrownBy(it::hasNext).isSameAs(broken);
    assertThat(telemetry.onlySpan().getStatus().getStatusCode().name()).isEqualTo("ERROR");
  }

  @Test
  void anUnregisteredStreamKeepsItsOwnIterator() {
    Iterator<GenerateContentResponse> own = chunks().iterator();
    assertThat(ObservedResponseStreams.iterator(new Object(), own)).isSameAs(own);
  }

  @Test
  void theRequestBuiltWhileACallIsCurrentCarriesItsTraceparent() {
    Request request = new Request.Builder().url("http://127.0.0.1:1/v1beta/models/m").build();
    ActiveLlmCall call = telemetry.startChat("google-genai", false);
    call.enterScope();
    Request traced;
    try {
      traced = (Request) GoogleGenAiCalls.withTraceparent(request);
    } finally {
      call.exitScope();
    }
    call.end();

    assertThat(traced.header("traceparent"))
        .startsWith(
            "00-"
                + telemetry.onlySpan().getTraceId()
                + "-"
                + telemetry.onlySpan().getSpanId()
                + "-");
    assertThat(GoogleGenAiCalls.withTraceparent(request)).isSameAs(request);
  }

  @Test
  void theApplicationsOwnTraceparentIsKept() {
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:1/v1beta/models/m")
            .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build();
    ActiveLlmCall call = telemetry.startChat("google-genai", false);
    call.enterScope();
    try {
      assertThat(GoogleGenAiCalls.withTraceparent(request)).isSameAs(request);
    } finally {
      call.exitScope();
      call.end();
    }
  }
}
