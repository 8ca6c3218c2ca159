package dev.genaiwatch.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.FrameworkSpan;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A {@code ChatClient.stream} span starts when the application asks for the stream; one the
 * application never subscribes must still end and be exported, marked {@code never_subscribed},
 * without genai-watch keeping the stream alive.
 */
class UnsubscribedChatClientStreamTest {
  private static final AttributeKey<String> STREAM_END =
      AttributeKey.stringKey("genai_watch.stream.end");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final TestTelemetry telemetry = TestTelemetry.install(true);

  @AfterEach
  void close() {
    telemetry.close();
  }

  private FrameworkSpan streamSpan() {
    return telemetry.instrumenter.startFrameworkSpan(
        "ChatClient.stream", SpringAiInstrumentationModule.NAME, new Object());
  }

  @Test
  void streamLeftUnsubscribedEndsItsSpanAsNeverSubscribedAfterTheTimeout() {
    Flux<String> stream = TracedStreams.framework(Flux.just("a", "b"), streamSpan(), 50);

    SpanData span = awaitOneSpan(() -> {});

    assertThat(span.getName()).isEqualTo("ChatClient.stream");
    assertThat(span.getAttributes().get(STREAM_END)).isEqualTo("never_subscribed");
    assertThat(stream).as("still held by the test, so the timeout ended it").isNotNull();
  }

  @Test
  void streamDroppedUnsubscribedEndsItsSpanWhenCollected() {
    TracedStreams.framework(Flux.just("a"), streamSpan(), 0); // no timeout: only GC can end it

    SpanData span = awaitOneSpan(System::gc);

    assertThat(span.getAttributes().get(STREAM_END)).isEqualTo("never_subscribed");
  }

  @Test
  void subscribedStreamEndsWithItsCompletionNotAsNeverSubscribed() {
    Flux<String> stream = TracedStreams.framework(Flux.just("a", "b"), streamSpan(), 60_000);

    assertThat(stream.collectList().block()).containsExactly("a", "b");

    SpanData span = awaitOneSpan(() -> {});
    assertThat(span.getAttributes().get(STREAM_END)).isNull();
  }

  /** Waits (running {@code nudge} between looks) for the one span to end; fails after PATIENCE. */
  private SpanData awaitOneSpan(Runnable nudge) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<SpanData> finished = telemetry.finished();
      if (!finished.isEmpty()) {
        assertThat(finished).hasSize(1);
        return finished.get(0);
      }
      nudge.run();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the stream's span did not end within " + PATIENCE);
  }
}
