package dev.genaiwatch.processor.serverhealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerActivityTest {
  private static ServerSample at(
      long millis, double waiting, double running, double kv, double hits, double queries) {
    return new ServerSample(millis, waiting, running, kv, hits, queries);
  }

  @Test
  void queueKvCacheAndHitRatioAreComparedBetweenTheReferenceAndTheAlarmWindow() {
    List<ServerSample> reference = List.of(at(0, 1, 4, 0.5, 0, 0), at(1, 3, 4, 0.7, 550, 1000));
    List<ServerSample> window =
        List.of(at(2, 12, 8, 0.97, 560, 1100), at(3, 16, 8, 0.99, 566, 1200));
    assertThat(ServerActivity.describe(reference, window))
        .isEqualTo(
            "vllm:num_requests_waiting 2 → 14, vllm:num_requests_running 4 → 8,"
                + " KV-cache usage 60 % → 98 %, prefix-cache hit ratio 55 % → 8 %");
  }

  @Test
  void theEpisodeBeforeTheWindowDoesNotBlendIntoTheNormalState() {
    // The queue started growing (and the cache stopped hitting) a while before the alarm started.
    List<ServerSample> reference =
        List.of(
            at(0, 0, 2, 0.2, 0, 0),
            at(1, 0, 2, 0.2, 90, 100),
            at(2, 0, 2, 0.2, 180, 200),
            at(3, 0, 2, 0.2, 270, 300),
            at(4, 9, 2, 0.2, 270, 400),
            at(5, 11, 2, 0.2, 270, 500));
    List<ServerSample> window = List.of(at(6, 12, 2, 0.2, 270, 600));
    assertThat(ServerActivity.describe(reference, window))
        .startsWith("vllm:num_requests_waiting 0 → 12,")
        .endsWith("prefix-cache hit ratio 90 % → 0 %");
  }

  @Test
  void metricsTheServerDoesNotServeAreLeftOut() {
    double none = Double.NaN;
    List<ServerSample> reference = List.of(at(0, 0, 1, none, none, none));
    List<ServerSample> window = List.of(at(1, 2.5, 1, none, none, none));
    assertThat(ServerActivity.describe(reference, window))
        .isEqualTo("vllm:num_requests_waiting 0 → 2.5, vllm:num_requests_running 1 → 1");
  }

  @Test
  void aCounterResetBetweenThePeriodsGivesNoHitRatio() {
    List<ServerSample> reference = List.of(at(0, 0, 1, 0.1, 100, 200), at(1, 0, 1, 0.1, 150, 300));
    List<ServerSample> window = List.of(at(2, 0, 1, 0.1, 5, 10));
    assertThat(ServerActivity.describe(reference, window)).doesNotContain("hit ratio");
  }

  @Test
  void nothingIsSaidWithoutSamplesOnBothSides() {
    assertThat(ServerActivity.describe(List.of(), List.of(at(0, 1, 1, 1, 1, 1)))).isNull();
    assertThat(ServerActivity.describe(List.of(at(0, 1, 1, 1, 1, 1)), List.of())).isNull();
  }
}
