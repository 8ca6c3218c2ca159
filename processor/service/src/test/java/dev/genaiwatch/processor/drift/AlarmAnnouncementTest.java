package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.drift.quality.Shift;
import dev.genaiwatch.processor.drift.quality.SyntheticTraffic;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Alarms are announced on their own thread: they never wait for the embedding work. */
class AlarmAnnouncementTest {
  private static final long GUARD_SECONDS = 60;

  /**
   * An embedder that holds the embedding thread inside its first call until released: the slowest
   * embedder there can be. Not the thing under test, only what keeps the embedding work busy.
   */
  private static final class GatedEmbedder implements TextEmbedder {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean inside;

    @Override
    public float[][] embed(List<String> texts) {
      inside = true;
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside = false;
      }
      float[][] vectors = new float[texts.size()][384];
      for (float[] vector : vectors) {
        vector[0] = 1;
      }
      return vectors;
    }
  }

  @Test
  void aSequentialAlarmIsAnnouncedWhileTheEmbeddingThreadIsHeld() throws Exception {
    DriftSettings settings = DriftSettings.from(ProcessorConfig.load(null, Map.of()));
    GatedEmbedder embedder = new GatedEmbedder();
    BlockingQueue<ResourceLogs> announced = new LinkedBlockingQueue<>();
    SyntheticTraffic traffic = new SyntheticTraffic(5, Shift.TTFT_X2, 4001);
    InstrumentationScope scope = InstrumentationScope.newBuilder().setName("test").build();
    try (DriftMonitor monitor =
        new DriftMonitor(settings, new PrometheusRegistry(), embedder, announced::add, null)) {
      for (int call = 1; call <= 4000; call++) {
        monitor.enrich(SyntheticTraffic.resource(), scope, traffic.next().toBuilder());
      }
      assertThat(embedder.entered.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(announced).isEmpty();

      for (int call = 4001; call <= 4300; call++) {
        monitor.enrich(SyntheticTraffic.resource(), scope, traffic.next().toBuilder());
      }
      ResourceLogs alarm = announced.poll(GUARD_SECONDS, TimeUnit.SECONDS);

      assertThat(embedder.inside).as("the embedding thread is still held").isTrue();
      assertThat(alarm).as("an alarm announced").isNotNull();
      String record = alarm.toString();
      assertThat(record).contains("DRIFT_STARTED").contains("time_to_first_chunk");
      Map<String, Object> key = monitor.state().get(0);
      assertThat(key.get("status")).isEqualTo("drifting");
      assertThat(key.get("embeddings").toString()).contains("referenceSize=0");
      embedder.release.countDown();
    }
  }
}
