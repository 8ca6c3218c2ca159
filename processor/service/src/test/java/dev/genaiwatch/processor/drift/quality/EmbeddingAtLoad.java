package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.processor.drift.DriftSettings;
import dev.genaiwatch.processor.drift.MiniLmEmbedder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Prompt-embedding drift with the real embedder (all-MiniLM-L6-v2 on ONNX Runtime) behind the real
 * {@link DriftMonitor}, the traffic fed at a fixed rate (1,000 calls/s in the report), or (rate 0)
 * block by block, each block's sample embedded before the next call: an embedder that always keeps
 * up, so that the result depends only on the data and the design, never on the host's speed (the
 * unit test).
 */
final class EmbeddingAtLoad {
  /** One model for every run, loaded once. */
  static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();

  /** The embedding counters of one run, and its wall time. */
  record Counts(
      double sampledEmbedded, double modelRuns, double dropped, double seconds, double calls) {
    double embeddedPerSecond() {
      return sampledEmbedded / seconds;
    }

    double cacheHitShare() {
      return sampledEmbedded == 0 ? 0 : 1 - modelRuns / sampledEmbedded;
    }
  }

  /** The alarms of one run and its counters. */
  record Run(List<QualityRun.Alarm> alarms, Counts counts) {}

  private EmbeddingAtLoad() {}

  /** Default settings with embeddings on. */
  static DriftSettings settings() {
    return QualityRun.settings(Map.of("drift.embedding.enabled", "true"));
  }

  /**
   * Feeds {@code calls} calls at {@code callsPerSecond} (0: block by block, see above), then waits
   * until every sampled block is embedded and evaluated.
   */
  static Run run(
      DriftSettings settings, SyntheticTraffic traffic, long calls, double callsPerSecond) {
    EMBEDDER.embed(List.of("warm-up: the model loads once, before any run is timed"));
    List<QualityRun.Alarm> alarms = new ArrayList<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    AtomicLong fed = new AtomicLong();
    long started = System.nanoTime();
    try (DriftMonitor monitor =
        new DriftMonitor(
            settings,
            registry,
            EMBEDDER,
            logs -> QualityRun.collect(logs, alarms, fed::get),
            null)) {
      for (long i = 0; i < calls; i++) {
        if (callsPerSecond > 0) {
          long due = started + (long) (i * 1e9 / callsPerSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        monitor.enrich(SyntheticTraffic.resource(), QualityRun.SCOPE, traffic.next().toBuilder());
        if (fed.incrementAndGet() % settings.embeddingBlockCalls() == 0 && callsPerSecond == 0) {
          awaitEmbedded(registry);
        }
      }
      awaitEmbedded(registry);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Counts counts =
        new Counts(
            value(registry, "genai_watch_drift_embeddings"),
            value(registry, "genai_watch_drift_embedding_model_runs"),
            value(registry, "genai_watch_drift_embeddings_dropped"),
            seconds,
            calls);
    return new Run(QualityRun.sorted(alarms), counts);
  }

  private static void awaitEmbedded(PrometheusRegistry registry) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (value(registry, "genai_watch_drift_embedding_pending") > 0
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** A shift run: the shift starts {@link SignalQuality#CALLS_BEFORE_SHIFT} after the reference. */
  static SignalQuality.Detection shift(
      DriftSettings settings, long seed, Shift shift, double callsPerSecond, List<Counts> counts) {
    long shiftAt = settings.referenceSize() + SignalQuality.CALLS_BEFORE_SHIFT + 1;
    Run run =
        run(
            settings,
            new SyntheticTraffic(seed, shift, shiftAt),
            shiftAt + SignalQuality.SHIFT_CALLS - 1,
            callsPerSecond);
    counts.add(run.counts());
    return SignalQuality.detection(seed, shift, shiftAt, run.alarms());
  }

  /** Stationary traffic: false alarms of every feature, embeddings included. */
  static SignalQuality.Stationary stationary(
      DriftSettings settings, long seed, double callsPerSecond, List<Counts> counts) {
    long learn = settings.referenceSize();
    Run run =
        run(
            settings,
            new SyntheticTraffic(seed, Shift.NONE, Long.MAX_VALUE),
            learn + SignalQuality.STATIONARY_CALLS,
            callsPerSecond);
    counts.add(run.counts());
    return SignalQuality.stationary(seed, run.alarms(), learn);
  }

  /**
   * The model alone on distinct texts: texts per second with {@code threads} threads each embedding
   * its share, as the embedding worker splits a batch.
   */
  static double modelTextsPerSecond(List<String> texts, int threads) throws InterruptedException {
    EMBEDDER.embed(List.of("warm-up"));
    List<Thread> workers = new ArrayList<>();
    int share = (texts.size() + threads - 1) / threads;
    long started = System.nanoTime();
    for (int from = 0; from < texts.size(); from += share) {
      List<String> part = texts.subList(from, Math.min(texts.size(), from + share));
      Thread worker = new Thread(() -> EMBEDDER.embed(part));
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return texts.size() / ((System.nanoTime() - started) / 1e9);
  }

  /** The 1-, 5- and 15-minute load averages, as Linux reports them; empty elsewhere. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The sum of a counter's or gauge's data points in {@code registry}. */
  static double value(PrometheusRegistry registry, String name) {
    double sum = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (!snapshot.getMetadata().getName().equals(name)) {
        continue;
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) {
          sum += counter.getValue();
        } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge) {
          sum += gauge.getValue();
        }
      }
    }
    return sum;
  }
}
