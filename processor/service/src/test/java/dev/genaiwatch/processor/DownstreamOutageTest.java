package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownstreamOutageTest {
  @TempDir Path dataDir;

  // The in-memory queue: the one that gives up after downstream.max.attempts (the disk queue keeps
  // retrying).
  private static Map<String, String> forwardingTo(
      OtlpReceiver downstream, String protocol, int attempts) {
    return Map.of(
        "queue.type",
        "memory",
        "downstream.endpoint",
        protocol.equals("grpc") ? downstream.grpcEndpoint() : downstream.httpEndpoint(),
        "downstream.protocol",
        protocol,
        "downstream.max.attempts",
        Integer.toString(attempts),
        "downstream.initial.backoff.ms",
        "10",
        "downstream.max.backoff.ms",
        "40");
  }

  @Test
  void aShortOutageIsRetriedAndNothingIsLost() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p = TestProcessor.start(dataDir, forwardingTo(downstream, "grpc", 5))) {
      downstream.failNextRequests(2, 503);
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a"), GenAiCalls.plain("b")));
      downstream.telemetry().awaitSpans(s -> true, 2, Duration.ofSeconds(30));
      assertThat(downstream.requestCount(Signal.TRACES)).isEqualTo(3);
      assertThat(p.client.metric("genai_watch_processor_retried_total{signal=\"spans\"}"))
          .isEqualTo(4);
      // Counted when the downstream's answer is back, which can be just after it has stored the
      // spans.
      TestProcessor.await(
          "the spans to be counted as forwarded",
          () -> p.client.metric("genai_watch_processor_forwarded_total{signal=\"spans\"}") == 2);
      assertThat(p.client.metric("genai_watch_processor_dropped_total{signal=\"spans\"}")).isZero();
    }
  }

  @Test
  void aLongOutageIsRetriedUpToTheLimitThenCountedAsDropped() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p =
            TestProcessor.start(dataDir, forwardingTo(downstream, "http/protobuf", 3))) {
      downstream.failNextRequests(3, 503);
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a"), GenAiCalls.plain("b")));
      p.awaitDroppedSpans(2);
      assertThat(downstream.requestCount(Signal.TRACES)).isEqualTo(3);
      assertThat(downstream.telemetry().spans()).isEmpty();
      // The processor carries on once the downstream is back.
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("c")));
      downstream.telemetry().awaitSpans(s -> s.name().equals("c"), 1, Duration.ofSeconds(30));
    }
  }

  @Test
  void aNonRetryableRejectionIsDroppedWithoutRetrying() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p =
            TestProcessor.start(dataDir, forwardingTo(downstream, "http/protobuf", 5))) {
      downstream.failNextRequests(1, 400);
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a")));
      p.awaitDroppedSpans(1);
      assertThat(downstream.requestCount(Signal.TRACES)).isEqualTo(1);
      assertThat(p.client.metric("genai_watch_processor_retried_total{signal=\"spans\"}")).isZero();
    }
  }

  @Test
  void anUnreachableDownstreamIsRetriedThenCounted() {
    try (TestProcessor p =
        TestProcessor.start(
            dataDir,
            Map.of(
                "downstream.endpoint",
                TestProcessor.unreachableEndpoint(),
                "queue.type",
                "memory",
                "downstream.protocol",
                "grpc",
                "downstream.max.attempts",
                "2",
                "downstream.initial.backoff.ms",
                "10"))) {
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a")));
      p.awaitDroppedSpans(1);
      assertThat(p.client.metric("genai_watch_processor_retried_total{signal=\"spans\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void withTheDiskQueueAnOutageLongerThanTheAttemptsIsRiddenOutNotDropped() {
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p =
            TestProcessor.start(
                dataDir,
                TestProcessor.forwardingOverHttp(
                    downstream,
                    "downstream.max.attempts",
                    "2",
                    "downstream.initial.backoff.ms",
                    "10",
                    "downstream.max.backoff.ms",
                    "40"))) {
      downstream.failNextRequests(6, 503);
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a")));
      downstream.telemetry().awaitSpans(s -> s.name().equals("a"), 1, Duration.ofSeconds(30));
      assertThat(downstream.requestCount(Signal.TRACES)).isEqualTo(7);
      assertThat(p.client.metric("genai_watch_processor_dropped_total{signal=\"spans\"}")).isZero();
    }
  }
}
