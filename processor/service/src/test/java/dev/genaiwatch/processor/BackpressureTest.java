package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.Signal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A downstream that keeps failing holds the worker in its retries; the queue fills; senders are
 * told to retry.
 */
class BackpressureTest {
  @TempDir Path dataDir;

  @Test
  void aFullQueueAnswersRetryableStatusesOnBothProtocols() {
    try (OtlpReceiver downstream = OtlpReceiver.start()) {
      downstream.failNextRequests(1_000, 503);
      try (TestProcessor p =
          TestProcessor.start(
              dataDir,
              TestProcessor.forwardingOverHttp(
                  downstream,
                  "queue.type",
                  "memory",
                  "queue.capacity",
                  "1",
                  "downstream.max.attempts",
                  "1000",
                  "downstream.initial.backoff.ms",
                  "50",
                  "downstream.max.backoff.ms",
                  "50",
                  "shutdown.drain.ms",
                  "0"))) {
        // The first request occupies the worker (retrying), the second fills the queue.
        assertThat(
                p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a"))).statusCode())
            .isEqualTo(200);
        TestProcessor.await(
            "the worker to take the first request",
            () -> downstream.requestCount(Signal.TRACES) > 0);
        assertThat(
                p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("b"))).statusCode())
            .isEqualTo(200);

        HttpResponse<String> refused =
            p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("c")));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

        StatusRuntimeException grpc =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    p.client
                        .grpcTraces()
                        .export(GenAiCalls.request("shop", GenAiCalls.plain("d"))));
        assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(p.client.metric("genai_watch_processor_refused_total{signal=\"spans\"}"))
            .isEqualTo(2);
        // A retry is counted when it is sent, after its backoff: wait for it rather than race the
        // worker.
        TestProcessor.await(
            "the worker's first retry",
            () -> p.client.metric("genai_watch_processor_retried_total{signal=\"spans\"}") > 0);
      }
    }
  }
}
