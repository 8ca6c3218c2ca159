package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** The expectations for {@link SampleRequests#metrics()}, shared by both protocols' tests. */
final class MetricAssertions {
  private MetricAssertions() {}

  static void assertSampleMetrics(ReceivedTelemetry telemetry) {
    MetricPoint histogram =
        telemetry
            .awaitMetricPoints(
                "gen_ai.client.token.usage",
                p -> "input".equals(p.attrString("gen_ai.token.type")),
                1,
                Duration.ofSeconds(5))
            .get(0);
    assertThat(histogram.type()).isEqualTo("HISTOGRAM");
    assertThat(histogram.unit()).isEqualTo("{token}");
    assertThat(histogram.description()).startsWith("Measures number");
    assertThat(histogram.count()).isEqualTo(3);
    assertThat(histogram.sum()).isEqualTo(30.0);
    assertThat(histogram.min()).isEqualTo(2.0);
    assertThat(histogram.max()).isEqualTo(16.0);
    assertThat(histogram.explicitBounds()).containsExactly(1.0, 4.0, 16.0);
    assertThat(histogram.bucketCounts()).containsExactly(0L, 1L, 2L, 0L);
    assertThat(histogram.aggregationTemporality()).isEqualTo("CUMULATIVE");
    assertThat(histogram.startEpochNanos()).isEqualTo(SampleRequests.START_NANOS);
    assertThat(histogram.timeEpochNanos()).isEqualTo(SampleRequests.END_NANOS);
    assertThat(histogram.resourceAttributes()).containsEntry("service.name", "checkout");
    assertThat(histogram.scopeName()).isEqualTo(SampleRequests.SCOPE);

    MetricPoint sum = onlyPoint(telemetry, "genai_watch.requests");
    assertThat(sum.type()).isEqualTo("SUM");
    assertThat(sum.value()).isEqualTo(7.0);
    assertThat(sum.isMonotonic()).isTrue();
    assertThat(sum.aggregationTemporality()).isEqualTo("DELTA");
    assertThat(sum.attrString("gen_ai.request.model")).isEqualTo("gpt-4o");

    MetricPoint gauge = onlyPoint(telemetry, "genai_watch.queue.fill");
    assertThat(gauge.type()).isEqualTo("GAUGE");
    assertThat(gauge.value()).isEqualTo(0.25);
    assertThat(gauge.isMonotonic()).isFalse();
    assertThat(gauge.min()).isNull();
    assertThat(gauge.explicitBounds()).isEmpty();

    assertThat(telemetry.metricPoints()).hasSize(3);
  }

  /** The one point of the metric {@code name}, once it has arrived. */
  private static MetricPoint onlyPoint(ReceivedTelemetry telemetry, String name) {
    return telemetry.awaitMetricPoints(name, p -> true, 1, Duration.ofSeconds(5)).get(0);
  }
}
