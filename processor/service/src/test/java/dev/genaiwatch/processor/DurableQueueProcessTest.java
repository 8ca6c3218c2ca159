package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.testing.OtlpReceiver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means stored: forked processors killed with SIGKILL while the downstream is away.
 */
class DurableQueueProcessTest {
  private static final int REQUESTS = 50;
  private static final int SPANS_PER_REQUEST = 10;

  @TempDir Path workDir;

  private static ExportTraceServiceRequest batch(int r) {
    Span[] spans = new Span[SPANS_PER_REQUEST];
    for (int s = 0; s < SPANS_PER_REQUEST; s++) {
      spans[s] =
          GenAiCalls.chat("gpt-4o", 100, 20, "prompt " + r).toBuilder()
              .setName("span-" + r + "-" + s)
              .build();
    }
    return GenAiCalls.request("shop", spans);
  }

  @Test
  void killedWithTheDownstreamDownNoAcknowledgedSpanIsLostOrSentTwice() throws Exception {
    Path dataDir = workDir.resolve("data");
    Map<String, String> common =
        Map.of(
            "data.dir",
            dataDir.toString(),
            "downstream.protocol",
            "grpc",
            "downstream.initial.backoff.ms",
            "20",
            "downstream.max.backoff.ms",
            "200");
    ForkedProcessor first =
        ForkedProcessor.start(
            workDir, with(common, "downstream.endpoint", TestProcessor.unreachableEndpoint()));
    try {
      for (int r = 0; r < REQUESTS; r++) {
        HttpResponse<String> answer = first.client.postTraces(batch(r));
        assertThat(answer.statusCode()).as("request %d acknowledged", r).isEqualTo(200);
      }
      first.kill();
    } finally {
      first.close();
    }
    try (OtlpReceiver downstream = OtlpReceiver.start();
        ForkedProcessor second =
            ForkedProcessor.start(
                workDir, with(common, "downstream.endpoint", downstream.grpcEndpoint()))) {
      int all = REQUESTS * SPANS_PER_REQUEST;
      downstream
          .telemetry()
          .awaitSpans(s -> s.name().startsWith("span-"), all, Duration.ofSeconds(60));
      TestProcessor.await(
          "the queue to be empty",
          () -> second.client.metric("genai_watch_processor_queued_requests") == 0);
      var names =
          downstream.telemetry().spans().stream()
              .map(s -> s.name())
              .filter(n -> n.startsWith("span-"))
              .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
      assertThat(names).hasSize(all);
      assertThat(names.values()).allMatch(count -> count == 1);
      // Enriched once: drift and evaluation ran in the first process, before the kill, and not
      // again.
      assertThat(second.client.metric("genai_watch_processor_received_total{signal=\"spans\"}"))
          .isZero();
    }
  }

  @Test
  void aFullDiskBudgetAnswers503AndTheAcceptedRequestsStayQueued() throws Exception {
    try (ForkedProcessor p =
        ForkedProcessor.start(
            workDir,
            Map.of(
                "data.dir",
                workDir.resolve("data").toString(),
                "downstream.endpoint",
                TestProcessor.unreachableEndpoint(),
                "queue.max.bytes",
                "1048576",
                "downstream.initial.backoff.ms",
                "20",
                "downstream.max.backoff.ms",
                "200"))) {
      int accepted = 0;
      HttpResponse<String> answer;
      while ((answer = p.client.postTraces(batch(accepted))).statusCode() == 200) {
        accepted++;
        assertThat(accepted)
            .as("requests accepted before the 1 MiB budget is full")
            .isLessThan(10_000);
      }
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      assertThat(accepted).isPositive();
      // Nothing forwarded, nothing dropped: every accepted request is still queued (drift may have
      // queued an alarm
      // log record of its own on top).
      assertThat(p.client.metric("genai_watch_processor_queued_requests"))
          .isGreaterThanOrEqualTo(accepted);
      assertThat(p.client.metric("genai_watch_processor_forwarded_total{signal=\"spans\"}"))
          .isZero();
      assertThat(p.client.metric("genai_watch_processor_dropped_total{signal=\"spans\"}")).isZero();
    }
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new HashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
