package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiWatchAttributes;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TracingStreamResponseTest {

  /**
   * The SDK's {@code StreamResponse} contract over a fixed list of chunks, the way the SDK's own
   * implementation behaves: a lazily read, single-pass stream that may fail while reading.
   */
  static final class ListStreamResponse<T> implements StreamResponse<T> {
    private final List<T> items;
    private final int failAt;
    private final RuntimeException failure;
    boolean closed;
    boolean sourceStreamClosed;

    ListStreamResponse(List<T> items) {
      this(items, -1, null);
    }

    /** Reading element {@code failAt} throws {@code failure}, as a broken connection does. */
    ListStreamResponse(List<T> items, int failAt, RuntimeException failure) {
      this.items = items;
      this.failAt = failAt;
      this.failure = failure;
    }

    @Override
    public Stream<T> stream() {
      Iterator<T> it =
          new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
              if (failure != null && i == failAt) {
                throw failure;
              }
              return i < items.size();
            }

            @Override
            public T next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              return items.get(i++);
            }
          };
      return StreamSupport.stream(
              Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
          .onClose(() -> sourceStreamClosed = true);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);
  private ActiveLlmCall call;

  @BeforeEach
  void setUp() {
    call = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
  }

  /** The application reading {@code response} with a consumer that throws {@code bug}. */
  private static void readThrowing(
      TracingStreamResponse<ChatCompletionChunk> response, RuntimeException bug) {
    response.stream()
        .forEach(
            c -> {
              throw bug;
            });
  }

  private TracingStreamResponse<ChatCompletionChunk> traced(
      StreamResponse<ChatCompletionChunk> source) {
    return new TracingStreamResponse<>(source, new ChunkStream(call));
  }

  @Test
  void chunksPassThroughAsTheSameInstancesInTheSameOrder() {
    List<ChatCompletionChunk> chunks = VllmChunks.helloWorld();

    List<ChatCompletionChunk> seen = traced(new ListStreamResponse<>(chunks)).stream().toList();

    assertThat(seen).hasSameSizeAs(chunks);
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(seen.get(i)).isSameAs(chunks.get(i));
    }
  }

  @Test
  void spanIsStillOpenWhileTheStreamIsBeingRead() {
    Iterator<ChatCompletionChunk> it =
        traced(new ListStreamResponse<>(VllmChunks.helloWorld())).stream().iterator();
    it.next();
    it.next();

    assertThat(telemetry.spans.getFinishedSpanItems()).isEmpty();
    assertThat(call.isEnded()).isFalse();
  }

  @Test
  void exhaustingTheStreamEndsTheSpanWithWhatTheChunksSaid() {
    TracingStreamResponse<ChatCompletionChunk> response =
        traced(new ListStreamResponse<>(VllmChunks.helloWorld()));

    response.stream().forEach(c -> {});

    VllmChunks.assertHelloWorldEnded(telemetry.onlySpan());
  }

  @Test
  void closingAfterExhaustionDoesNotEndTheSpanAgain() {
    ListStreamResponse<ChatCompletionChunk> source =
        new ListStreamResponse<>(VllmChunks.helloWorld());
    try (TracingStreamResponse<ChatCompletionChunk> response = traced(source)) {
      response.stream().forEach(c -> {});
    }

    assertThat(telemetry.spans.getFinishedSpanItems()).hasSize(1);
    assertThat(telemetry.onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_END)).isNull();
    assertThat(source.closed).isTrue();
  }

  @Test
  void closingEarlyEndsTheSpanAsClosedWithTheChunksSeen() {
    ListStreamResponse<ChatCompletionChunk> source =
        new ListStreamResponse<>(VllmChunks.helloWorld());
    TracingStreamResponse<ChatCompletionChunk> response = traced(source);
    Iterator<ChatCompletionChunk> it = response.stream().iterator();
    it.next();
    it.next();

    response.close();

    SpanData span = telemetry.onlySpan();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("closed");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(2L);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES))
        .contains("Hello");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(source.closed).isTrue();
  }

  @Test
  void closingWithoutReadingEndsTheSpanAsClosed() {
    traced(new ListStreamResponse<>(VllmChunks.helloWorld())).close();

    assertThat(telemetry.onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_END))
        .isEqualTo("closed");
  }

  @Test
  void closingTheReturnedStreamClosesTheSdkStream() {
    ListStreamResponse<ChatCompletionChunk> source =
        new ListStreamResponse<>(VllmChunks.helloWorld());

    try (Stream<ChatCompletionChunk> stream = traced(source).stream()) {
      stream.findFirst();
    }

    assertThat(source.sourceStreamClosed).isTrue();
  }

  @Test
  void failureWhileReadingEndsTheSpanAsErrorAndIsRethrownUnchanged() {
    OpenAIIoException failure = new OpenAIIoException("connection reset");
    TracingStreamResponse<ChatCompletionChunk> response =
        traced(new ListStreamResponse<>(VllmChunks.helloWorld(), 2, failure));

    assertThatThrownBy(() -> response.stream().forEach(c -> {})).isSameAs(failure);

    SpanData span = telemetry.onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo("com.openai.errors.OpenAIIoException");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("error");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(2L);
    assertThat(span.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  @Test
  void closingAfterAReadFailureDoesNotEndTheSpanAgain() {
    TracingStreamResponse<ChatCompletionChunk> response =
        traced(
            new ListStreamResponse<>(VllmChunks.helloWorld(), 1, new OpenAIIoException("reset")));
    assertThatThrownBy(() -> response.stream().forEach(c -> {}))
        .isInstanceOf(OpenAIIoException.class);

    response.close();

    assertThat(telemetry.spans.getFinishedSpanItems()).hasSize(1);
    assertThat(telemetry.onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_END))
        .isEqualTo("error");
  }

  @Test
  void exceptionFromTheApplicationsConsumerIsNotRecordedAsAStreamFailure() {
    IllegalArgumentException appBug = new IllegalArgumentException("application bug");
    TracingStreamResponse<ChatCompletionChunk> response =
        traced(new ListStreamResponse<>(VllmChunks.helloWorld()));

    assertThatThrownBy(() -> readThrowing(response, appBug)).isSameAs(appBug);
    response.close();

    SpanData span = telemetry.onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("closed");
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void exceptionFromTheApplicationsConsumerLeavesTheSpanOpenUntilClosed() {
    TracingStreamResponse<ChatCompletionChunk> response =
        traced(new ListStreamResponse<>(VllmChunks.helloWorld()));

    assertThatThrownBy(() -> readThrowing(response, new IllegalStateException("stop reading")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(telemetry.spans.getFinishedSpanItems()).isEmpty();
    response.close();
  }

  @Test
  void chunksReadAfterTheSpanEndedAreNotCounted() {
    TracingStreamResponse<ChatCompletionChunk> response =
        traced(new ListStreamResponse<>(VllmChunks.helloWorld()));
    Iterator<ChatCompletionChunk> it = response.stream().iterator();
    it.next();
    response.close();
    List<ChatCompletionChunk> rest = new ArrayList<>();
    it.forEachRemaining(rest::add);

    assertThat(rest).hasSize(5);
    assertThat(telemetry.onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS))
        .isEqualTo(1L);
  }
}
