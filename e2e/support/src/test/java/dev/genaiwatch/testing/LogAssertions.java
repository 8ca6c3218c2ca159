package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** The expectations for {@link SampleRequests#logs()}, shared by both protocols' tests. */
final class LogAssertions {
  private LogAssertions() {}

  static void assertSampleLogs(ReceivedTelemetry telemetry) {
    List<ReceivedLog> logs = telemetry.logs();
    assertThat(logs).hasSize(2);

    ReceivedLog text = logs.get(0);
    assertThat(text.body()).isEqualTo("calling model");
    assertThat(text.severityText()).isEqualTo("INFO");
    assertThat(text.severityNumber()).isEqualTo(9);
    assertThat(text.attrString("gen_ai.system")).isEqualTo("openai");
    assertThat(text.traceId()).isEqualTo(SampleRequests.TRACE_ID);
    assertThat(text.spanId()).isEqualTo(SampleRequests.SPAN_ID);
    assertThat(text.resourceAttributes()).containsEntry("service.name", "checkout");
    assertThat(text.timeEpochNanos()).isEqualTo(SampleRequests.START_NANOS);

    ReceivedLog event = logs.get(1);
    assertThat(event.eventName()).isEqualTo("gen_ai.choice");
    assertThat(event.bodyValue()).isEqualTo(Map.of("finish_reason", "stop"));
    assertThat(event.body()).isEqualTo("{finish_reason=stop}");
    assertThat(event.traceId()).isEmpty();
    assertThat(event.timeEpochNanos()).isEqualTo(SampleRequests.END_NANOS);
  }
}
