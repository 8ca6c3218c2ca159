package dev.genaiwatch.processor.drift;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Embeds sampled texts on its own thread, in batches, from a bounded queue: when the queue is full
 * the text is dropped and counted, so embedding can never slow forwarding down. Recent embeddings
 * are kept in a bounded cache keyed by text, which is what lets the pipeline put an embedding
 * distance on a span synchronously.
 */
final class EmbeddingWorker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddingWorker.class.getName());
  private static final int CACHE_ENTRIES = 2048;

  record Job(KeyState state, EmbeddingFeature feature, String text) {}

  private final BlockingQueue<Job> queue;
  private final int batchSize;
  private final MiniLmEmbedder embedder;
  private final DriftSettings settings;
  private final Consumer<Boolean> onEmbedded;
  private final Map<String, float[]> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };
  private final Counter embedded;
  private final Counter dropped;
  private final Counter failed;
  private final Thread thread;
  private volatile boolean closing;

  /** {@code onEmbedded} runs after each batch, told whether the queue is empty now. */
  EmbeddingWorker(
      DriftSettings settings,
      MiniLmEmbedder embedder,
      PrometheusRegistry registry,
      Consumer<Boolean> onEmbedded) {
    this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.embeddingQueue()));
    this.batchSize = Math.max(1, settings.embeddingBatch());
    this.embedder = embedder;
    this.settings = settings;
    this.onEmbedded = onEmbedded;
    this.embedded =
        Counter.builder()
            .name("genai_watch_drift_embeddings")
            .help("Texts embedded for drift, by feature")
            .labelNames("genai_watch_drift_feature")
            .register(registry);
    this.dropped =
        Counter.builder()
            .name("genai_watch_drift_embeddings_dropped")
            .help("Sampled texts not embedded because the embedding queue was full")
            .register(registry);
    this.failed =
        Counter.builder()
            .name("genai_watch_drift_embedding_errors")
            .help("Embedding batches that failed")
            .register(registry);
    this.thread = new Thread(this::work, "genai-watch-processor-embedding");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Never blocks. */
  void submit(KeyState state, EmbeddingFeature feature, String text) {
    if (closing || !queue.offer(new Job(state, feature, text))) {
      dropped.inc();
    }
  }

  float[] cached(String text) {
    synchronized (cache) {
      return cache.get(text);
    }
  }

  private void work() {
    List<Job> batch = new ArrayList<>(batchSize);
    while (!closing) {
      try {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        embedBatch(batch);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | LinkageError e) {
        failed.inc();
        LOG.log(
            Level.WARNING,
            "[genai-watch-processor] embedding failed; those texts are left out of drift",
            e);
      } finally {
        batch.clear();
      }
    }
  }

  private void embedBatch(List<Job> batch) {
    List<String> missing = new ArrayList<>();
    for (Job job : batch) {
      if (cached(job.text()) == null && !missing.contains(job.text())) {
        missing.add(job.text());
      }
    }
    if (!missing.isEmpty()) {
      float[][] vectors = embedder.embed(missing);
      synchronized (cache) {
        for (int i = 0; i < vectors.length; i++) {
          cache.put(missing.get(i), vectors[i]);
        }
      }
    }
    for (Job job : batch) {
      float[] vector = cached(job.text());
      if (vector != null) {
        job.state().addEmbedding(job.feature(), vector, settings);
        embedded.labelValues(job.feature().featureName()).inc();
      }
    }
    onEmbedded.accept(queue.isEmpty());
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
