package dev.genaiwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetryDumpTest {

  @Test
  void describesSpansMetricsAndLogs() {
    ReceivedTelemetry telemetry = new ReceivedTelemetry();
    telemetry.add(SampleRequests.traces("chat gpt-4o"));
    telemetry.add(SampleRequests.metrics());
    telemetry.add(SampleRequests.logs());

    String dump = TelemetryDump.describe(telemetry);

    assertThat(dump)
        .contains("Spans (1):")
        .contains("'chat gpt-4o' CLIENT status=ERROR(rate limited)")
        .contains("gen_ai.usage.input_tokens=12")
        .contains("events=[gen_ai.content.prompt]")
        .contains("Metrics (3 names, 3 points):")
        .contains("gen_ai.client.token.usage HISTOGRAM unit='{token}' 1 point")
        .contains("count=3 sum=30.0")
        .contains("genai_watch.requests SUM")
        .contains("Logs (2):")
        .contains("event=gen_ai.choice");
  }

  @Test
  void describesEmptyTelemetry() {
    assertThat(TelemetryDump.describe(new ReceivedTelemetry()))
        .contains("Spans (0):")
        .contains("Metrics (0 names, 0 points):")
        .contains("Logs (0):");
  }
}
