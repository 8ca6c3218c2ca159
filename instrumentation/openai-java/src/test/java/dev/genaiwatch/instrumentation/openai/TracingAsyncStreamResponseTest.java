package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiWatchAttributes;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TracingAsyncStreamResponseTest {

  /**
   * The SDK's {@code AsyncStreamResponse} contract, driven by the test as the SDK's reader thread
   * would.
   */
  static final class HandlerDrivenStream<T> implements AsyncStreamResponse<T> {
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    Handler<? super T> handler;
    Executor executor;
    boolean closed;

    @Override
    public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
      this.executor = executor;
      return subscribe(handler);
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
      return completion;
    }

    @Override
    public void close() {
      closed = true;
    }

    void emit(T value) {
      handler.onNext(value);
    }

    void complete(Optional<Throwable> error) {
      handler.onComplete(error);
      error.ifPresentOrElse(completion::completeExceptionally, () -> completion.complete(null));
    }
  }

  /** The application's handler: records what it was given. */
  static final class RecordingHandler<T> implements AsyncStreamResponse.Handler<T> {
    final List<T> received = new ArrayList<>();
    final List<Optional<Throwable>> completions = new ArrayList<>();

    @Override
    public void onNext(T value) {
      received.add(value);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      completions.add(error);
    }
  }

  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);
  private ActiveLlmCall call;
  private HandlerDrivenStream<ChatCompletionChunk> source;
  private TracingAsyncStreamResponse<ChatCompletionChunk> response;
  private RecordingHandler<ChatCompletionChunk> app;

  @BeforeEach
  void setUp() {
    call = telemetry.startChat(OpenAiJavaInstrumentationModule.NAME, true);
    source = new HandlerDrivenStream<>();
    response = new TracingAsyncStreamResponse<>(source, new ChunkStream(call));
    app = new RecordingHandler<>();
  }

  @Test
  void handlerReceivesTheSameChunkInstancesInOrder() {
    response.subscribe(app);
    List<ChatCompletionChunk> chunks = VllmChunks.helloWorld();
    chunks.forEach(source::emit);

    assertThat(app.received).hasSameSizeAs(chunks);
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(app.received.get(i)).isSameAs(chunks.get(i));
    }
  }

  @Test
  void spanIsOpenUntilTheStreamCompletes() {
    response.subscribe(app);
    source.emit(VllmChunks.text("Hi"));

    assertThat(telemetry.spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void completionEndsTheSpanOnceWithWhatTheChunksSaid() {
    response.subscribe(app);
    VllmChunks.helloWorld().forEach(source::emit);
    source.complete(Optional.empty());
    response.close();

    VllmChunks.assertHelloWorldEnded(telemetry.onlySpan());
  }

  @Test
  void handlerIsToldOfCompletion() {
    response.subscribe(app);
    source.complete(Optional.empty());

    assertThat(app.completions).containsExactly(Optional.empty());
  }

  @Test
  void failedCompletionEndsTheSpanAsErrorAndReachesTheHandlerUnchanged() {
    OpenAIIoException failure = new OpenAIIoException("connection reset");
    response.subscribe(app);
    source.emit(VllmChunks.text("Hi"));
    source.complete(Optional.of(failure));

    SpanData span = telemetry.onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo("com.openai.errors.OpenAIIoException");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("error");
    assertThat(app.completions).hasSize(1);
    assertThat(app.completions.get(0)).containsSame(failure);
  }

  @Test
  void closingBeforeCompletionEndsTheSpanAsClosed() {
    response.subscribe(app);
    source.emit(VllmChunks.role());
    source.emit(VllmChunks.text("Hel"));

    response.close();

    SpanData span = telemetry.onlySpan();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isEqualTo("closed");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(2L);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(source.closed).isTrue();
  }

  @Test
  void completionAfterCloseDoesNotEndTheSpanAgainButStillReachesTheHandler() {
    response.subscribe(app);
    response.close();
    source.complete(Optional.of(new OpenAIIoException("cancelled")));

    assertThat(telemetry.spans.getFinishedSpanItems()).hasSize(1);
    assertThat(telemetry.onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_END))
        .isEqualTo("closed");
    assertThat(app.completions).hasSize(1);
  }

  @Test
  void chunksDeliveredAfterCloseReachTheHandlerButAreNotCounted() {
    response.subscribe(app);
    source.emit(VllmChunks.text("a"));
    response.close();
    source.emit(VllmChunks.text("b"));

    assertThat(app.received).hasSize(2);
    assertThat(telemetry.onlySpan().getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS))
        .isEqualTo(1L);
  }

  @Test
  void subscribingWithAnExecutorHandsTheExecutorToTheSdk() {
    Executor executor = Runnable::run;
    response.subscribe(app, executor);
    source.emit(VllmChunks.text("x"));

    assertThat(source.executor).isSameAs(executor);
    assertThat(app.received).hasSize(1);
  }

  @Test
  void subscribeReturnsTheTracedResponse() {
    assertThat(response.subscribe(app)).isSameAs(response);
  }

  @Test
  void completionFutureIsTheSdksOwn() {
    assertThat(response.onCompleteFuture()).isSameAs(source.onCompleteFuture());
  }
}
