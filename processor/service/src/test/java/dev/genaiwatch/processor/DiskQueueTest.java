package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.testing.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk queue in process: where it lives, who may use it, what survives a clean restart. */
class DiskQueueTest {
  @TempDir Path dataDir;

  @Test
  void itIsTheDefaultAndLivesUnderTheDataDirectory() {
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of())) {
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a")));
      assertThat(Files.isDirectory(dataDir.resolve("queue").resolve("received"))).isTrue();
      assertThat(Files.isDirectory(dataDir.resolve("queue").resolve("enriched"))).isTrue();
    }
  }

  @Test
  void twoProcessorsCannotShareOneDiskQueue() {
    try (TestProcessor first = TestProcessor.start(dataDir, Map.of())) {
      assertThatThrownBy(() -> TestProcessor.start(dataDir, Map.of()))
          .rootCause()
          .hasMessageContaining("in use by another processor");
    }
  }

  @Test
  void whatTheDrainTimeoutLeftIsForwardedAfterAPlainRestart() {
    String gone = TestProcessor.unreachableEndpoint();
    try (TestProcessor p =
        TestProcessor.start(
            dataDir, Map.of("downstream.endpoint", gone, "shutdown.drain.ms", "0"))) {
      assertThat(
              p.client
                  .postTraces(GenAiCalls.request("shop", GenAiCalls.plain("kept")))
                  .statusCode())
          .isEqualTo(200);
    }
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p =
            TestProcessor.start(
                dataDir, Map.of("downstream.endpoint", downstream.grpcEndpoint()))) {
      downstream.telemetry().awaitSpans(s -> s.name().equals("kept"), 1, Duration.ofSeconds(30));
    }
  }

  @Test
  void aBadQueueSettingStopsTheStartWithItsName() {
    assertThatThrownBy(() -> TestProcessor.start(dataDir, Map.of("queue.fsync", "sometimes")))
        .cause()
        .hasMessageContaining("queue.fsync must be always, interval or never");
    assertThatThrownBy(() -> TestProcessor.start(dataDir, Map.of("queue.type", "tape")))
        .cause()
        .hasMessageContaining("queue.type must be disk or memory");
  }
}
