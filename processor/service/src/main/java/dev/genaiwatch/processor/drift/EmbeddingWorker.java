package dev.genaiwatch.processor.drift;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Embeds the sampled blocks of texts ({@link TextReservoir}) from a bounded queue that keeps the
 * newest block of each key ({@link PendingBlocks}): a block that is replaced or does not fit is
 * dropped whole and counted, so embedding can never slow forwarding down, and a block is either
 * tested whole or not at all. The texts of the blocks taken together (up to {@code
 * drift.embedding.batch}) that are not cached yet are split over {@code drift.embedding.threads}
 * threads, so both cores work when the host is idle. Two bounded LRU caches: by normalised text
 * ({@link NormalisedText}: one model run per template filling and repeat), and by the exact text,
 * which lets the pipeline put an embedding distance on a span without normalising anything. The
 * embedding tests run here too, after each block (see the constructor).
 */
final class EmbeddingWorker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddingWorker.class.getName());

  private final PendingBlocks queue;
  private final int batchSize;
  private final TextEmbedder embedder;
  private final DriftSettings settings;
  private final Consumer<KeyState> onEmbedded;
  private final Map<String, float[]> byText;
  private final Map<String, float[]> byNormalisedText;
  private final Counter embedded;
  private final Counter modelRuns;
  private final Counter dropped;
  private final Counter failed;
  private final Gauge pending;
  private final AtomicInteger pendingTexts = new AtomicInteger();
  private final Thread thread;
  private final ExecutorService helpers;

  private volatile boolean closing;

  /**
   * {@code onEmbedded} runs on this thread after each block is added to its key, so that every
   * block's sample is tested on its own however many blocks one batch carried, and neither the
   * drift thread nor the alarm announcements wait for an embedding test.
   */
  EmbeddingWorker(
      DriftSettings settings,
      TextEmbedder embedder,
      PrometheusRegistry registry,
      Consumer<KeyState> onEmbedded) {
    this.queue = new PendingBlocks(settings.embeddingQueue());
    this.batchSize = settings.embeddingBatch();
    this.embedder = embedder;
    this.settings = settings;
    this.onEmbedded = onEmbedded;
    this.byText = lru(settings.embeddingCacheEntries());
    this.byNormalisedText = lru(settings.embeddingCacheEntries());
    this.embedded =
        Counter.builder()
            .name("genai_watch_drift_embeddings")
            .help("Sampled texts embedded for drift (from the cache or the model), by feature")
            .labelNames("genai_watch_drift_feature")
            .register(registry);
    this.modelRuns =
        Counter.builder()
            .name("genai_watch_drift_embedding_model_runs")
            .help("Texts the embedding model ran on (sampled texts not found in the cache)")
            .register(registry);
    this.dropped =
        Counter.builder()
            .name("genai_watch_drift_embeddings_dropped")
            .help(
                "Sampled texts not embedded: their block was replaced by the key's newer one"
                    + " while waiting, or the queue was full")
            .register(registry);
    this.failed =
        Counter.builder()
            .name("genai_watch_drift_embedding_errors")
            .help("Embedding batches that failed")
            .register(registry);
    this.pending =
        Gauge.builder()
            .name("genai_watch_drift_embedding_pending")
            .help("Sampled texts queued for embedding or being embedded")
            .register(registry);
    int threads = settings.embeddingThreads();
    this.helpers =
        threads > 1
            ? Executors.newFixedThreadPool(
                threads - 1,
                runnable -> {
                  Thread helper = new Thread(runnable, "genai-watch-processor-embedding-helper");
                  helper.setDaemon(true);
                  return helper;
                })
            : null;
    this.thread = new Thread(this::work, "genai-watch-processor-embedding");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private static Map<String, float[]> lru(int entries) {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > entries;
      }
    };
  }

  /** Never blocks. */
  void submit(KeyState state, EmbeddingFeature feature, TextReservoir.Block block) {
    int texts = block.texts().size();
    pending.set(pendingTexts.addAndGet(texts));
    int lost = closing ? texts : queue.offer(new PendingBlocks.Job(state, feature, block));
    if (lost > 0) {
      pending.set(pendingTexts.addAndGet(-lost));
      dropped.inc(lost);
    }
  }

  /** The embedding of exactly this text, when it was embedded recently; else null. */
  float[] cached(String text) {
    synchronized (byText) {
      return byText.get(text);
    }
  }

  private void work() {
    List<PendingBlocks.Job> batch = new ArrayList<>();
    while (!closing) {
      try {
        PendingBlocks.Job first = queue.poll(200);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int texts = first.texts();
        PendingBlocks.Job next;
        while (texts < batchSize && (next = queue.poll()) != null) {
          batch.add(next);
          texts += next.texts();
        }
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
        int texts = batch.stream().mapToInt(PendingBlocks.Job::texts).sum();
        pending.set(pendingTexts.addAndGet(-texts));
        batch.clear();
      }
    }
  }

  private void embedBatch(List<PendingBlocks.Job> batch) {
    Map<String, String> normalised = new LinkedHashMap<>();
    Map<String, float[]> vectors = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    synchronized (byText) {
      for (PendingBlocks.Job job : batch) {
        for (String text : job.block().texts()) {
          String key = normalised.computeIfAbsent(text, NormalisedText::of);
          if (!vectors.containsKey(key)) {
            float[] known = byNormalisedText.get(key);
            vectors.put(key, known);
            if (known == null) {
              missing.add(key);
            }
          }
        }
      }
    }
    List<float[]> computed = embedInParallel(missing);
    for (int i = 0; i < missing.size(); i++) {
      vectors.put(missing.get(i), computed.get(i));
    }
    modelRuns.inc(missing.size());
    synchronized (byText) {
      normalised.forEach(
          (text, key) -> {
            byText.put(text, vectors.get(key));
            byNormalisedText.put(key, vectors.get(key));
          });
    }
    for (PendingBlocks.Job job : batch) {
      List<float[]> block = new ArrayList<>();
      for (String text : job.block().texts()) {
        block.add(vectors.get(normalised.get(text)));
      }
      job.state().addEmbeddings(job.feature(), block, job.block().lastCall(), settings);
      embedded.labelValues(job.feature().featureName()).inc(block.size());
      onEmbedded.accept(job.state());
    }
  }

  /** The texts split into one contiguous share per thread; this thread embeds the first share. */
  private List<float[]> embedInParallel(List<String> texts) {
    int threads = helpers == null ? 1 : Math.min(settings.embeddingThreads(), texts.size());
    if (threads <= 1) {
      return List.of(embedder.embed(texts));
    }
    int share = (texts.size() + threads - 1) / threads;
    List<CompletableFuture<float[][]>> others = new ArrayList<>();
    for (int from = share; from < texts.size(); from += share) {
      List<String> part = texts.subList(from, Math.min(texts.size(), from + share));
      others.add(CompletableFuture.supplyAsync(() -> embedder.embed(part), helpers));
    }
    List<float[]> out = new ArrayList<>(List.of(embedder.embed(texts.subList(0, share))));
    for (CompletableFuture<float[][]> other : others) {
      out.addAll(List.of(other.join()));
    }
    return out;
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
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }
}
