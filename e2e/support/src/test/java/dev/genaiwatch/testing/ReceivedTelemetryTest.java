package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReceivedTelemetryTest {
  /** Fresh for every test: JUnit makes a new instance of the class per test. */
  private final ReceivedTelemetry telemetry = new ReceivedTelemetry();

  @Test
  void awaitSpansReturnsOnceEnoughMatchingSpansArrive() {
    CompletableFuture.runAsync(
        () -> {
          telemetry.add(SampleRequests.traces("other"));
          telemetry.add(SampleRequests.traces("chat"));
          telemetry.add(SampleRequests.traces("chat"));
        },
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

    List<ReceivedSpan> spans =
        telemetry.awaitSpans(s -> s.name().equals("chat"), 2, Duration.ofSeconds(5));

    assertThat(spans).hasSize(2).allSatisfy(s -> assertThat(s.name()).isEqualTo("chat"));
  }

  @Test
  void awaitSpansTimeoutMessageContainsDumpOfWhatArrived() {
    telemetry.add(SampleRequests.traces("embeddings text-embedding-3"));
    telemetry.add(SampleRequests.metrics());

    assertThatThrownBy(
            () -> telemetry.awaitSpans(s -> s.name().equals("chat"), 1, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("at least 1 spans")
        .hasMessageContaining("0 matched")
        .hasMessageContaining("'embeddings text-embedding-3' CLIENT")
        .hasMessageContaining("gen_ai.request.model=gpt-4o")
        .hasMessageContaining("gen_ai.client.token.usage HISTOGRAM");
  }

  @Test
  void awaitMetricPointsOnlyConsidersTheNamedMetric() {
    telemetry.add(SampleRequests.metrics());

    assertThat(
            telemetry.awaitMetricPoints(
                "genai_watch.requests", p -> true, 1, Duration.ofSeconds(1)))
        .extracting(MetricPoint::metricName)
        .containsExactly("genai_watch.requests");
    assertThatThrownBy(
            () ->
                telemetry.awaitMetricPoints(
                    "genai_watch.requests", p -> true, 2, Duration.ofMillis(50)))
        .hasMessageContaining("points of metric 'genai_watch.requests'");
  }

  @Test
  void awaitLogsReturnsMatchingRecords() {
    telemetry.add(SampleRequests.logs());

    assertThat(
            telemetry.awaitLogs(
                l -> l.eventName().equals("gen_ai.choice"), 1, Duration.ofSeconds(1)))
        .hasSize(1);
  }

  @Test
  void typedAttributeAccessorRejectsWrongType() {
    telemetry.add(SampleRequests.traces("chat"));
    ReceivedSpan span = telemetry.spans().get(0);

    assertThat(span.attrLong("absent")).isNull();
    assertThatThrownBy(() -> span.attrLong("gen_ai.request.model"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gen_ai.request.model")
        .hasMessageContaining("String");
  }

  @Test
  void snapshotsDoNotChangeWhenMoreArrives() {
    telemetry.add(SampleRequests.traces("first"));
    List<ReceivedSpan> snapshot = telemetry.spans();

    telemetry.add(SampleRequests.traces("second"));

    assertThat(snapshot).hasSize(1);
    assertThat(telemetry.spans()).hasSize(2);
  }
}
