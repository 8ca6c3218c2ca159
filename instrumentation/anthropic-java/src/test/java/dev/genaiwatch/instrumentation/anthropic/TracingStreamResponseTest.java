package dev.genaiwatch.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stream wrappers: events pass unchanged, and every way a stream ends ends its span once. */
class TracingStreamResponseTest {
  private static final List<String> EVENTS =
      List.of(
          "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_w\",\"type\":\"message\",\"role\":\"assistant\","
              + "\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":4,\"output_tokens\":1}}}",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"b\"}}",
          "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
              + "\"usage\":{\"output_tokens\":2}}",
          "{\"type\":\"message_stop\"}");

  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);
  private List<RawMessageStreamEvent> events;

  @BeforeEach
  void setUp() {
    events = EVENTS.stream().map(json -> SdkJson.parse(json, RawMessageStreamEvent.class)).toList();
  }

  private MessageStream stream() {
    ActiveLlmCall call = telemetry.startChat("anthropic-java", true);
    return new MessageStream(call);
  }

  private static class ListStream implements StreamResponse<RawMessageStreamEvent> {
    final List<RawMessageStreamEvent> events;
    boolean closed;

    ListStream(List<RawMessageStreamEvent> events) {
      this.events = events;
    }

    @Override
    public Stream<RawMessageStreamEvent> stream() {
      return events.stream();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aStreamReadToTheEndHandsOnEveryEventAndEndsTheSpanComplete() {
    TracingStreamResponse<RawMessageStreamEvent> traced =
        new TracingStreamResponse<>(new ListStream(events), stream());

    assertThat(traced.stream().toList()).isEqualTo(events);
    traced.close();

    SpanData span = telemetry.onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(2L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end"))).isNull();
  }

  @Test
  void aStreamClosedAfterTwoEventsEndsTheSpanAsClosed() {
    ListStream source = new ListStream(events);
    TracingStreamResponse<RawMessageStreamEvent> traced =
        new TracingStreamResponse<>(source, stream());

    traced.stream().limit(2).forEach(e -> {});
    traced.close();

    assertThat(source.closed).isTrue();
    SpanData span = telemetry.onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end")))
        .isEqualTo("closed");
    assertThat(span.getAttributes().get(AttributeKey.longKey("genai_watch.stream.chunks")))
        .isEqualTo(2L);
  }

  @Test
  void anExceptionFromTheSdkIsRethrownAsIsAndEndsTheSpanAsFailed() {
    IllegalStateException broken = new IllegalStateException("stream broke");
    StreamResponse<RawMessageStreamEvent> failing =
        new ListStream(events) {
          @Override
          public Stream<RawMessageStreamEvent> stream() {
            return Stream.concat(
                events.stream().limit(1),
                Stream.generate(
                    () -> {
                      throw broken;
                    }));
          }
        };
    TracingStreamResponse<RawMessageStreamEvent> traced =
        new TracingStreamResponse<>(failing, stream());

    assertThatThrownBy(() -> traced.stream().forEach(e -> {})).isSameAs(broken);

    SpanData span = telemetry.onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end")))
        .isEqualTo("error");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
  }

  /** An async stream that delivers its events to the handler on subscribe, then completes. */
  private final class ListAsyncStream implements AsyncStreamResponse<RawMessageStreamEvent> {
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public AsyncStreamResponse<RawMessageStreamEvent> subscribe(
        Handler<? super RawMessageStreamEvent> handler) {
      try {
        events.forEach(handler::onNext);
        handler.onComplete(Optional.empty());
      } catch (RuntimeException e) {
        handler.onComplete(Optional.of(e));
      }
      done.complete(null);
      return this;
    }

    @Override
    public AsyncStreamResponse<RawMessageStreamEvent> subscribe(
        Handler<? super RawMessageStreamEvent> handler, Executor executor) {
      return subscribe(handler);
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
      return done;
    }

    @Override
    public void close() {}
  }

  @Test
  void anAsyncStreamEndsItsSpanOnTheHandlersCompletion() {
    List<RawMessageStreamEvent> seen = new ArrayList<>();
    new TracingAsyncStreamResponse<>(new ListAsyncStream(), stream()).subscribe(seen::add);

    assertThat(seen).isEqualTo(events);
    SpanData span = telemetry.onlySpan();
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("end_turn");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end"))).isNull();
  }

  @Test
  void theApplicationsOwnHandlerFailureEndsTheStreamAsClosedNotAsAStreamError() {
    new TracingAsyncStreamResponse<>(new ListAsyncStream(), stream())
        .subscribe(
            e -> {
              throw new IllegalArgumentException("the application's bug");
            });

    SpanData span = telemetry.onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("genai_watch.stream.end")))
        .isEqualTo("closed");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
  }
}
