package dev.genaiwatch.processor.pipeline;

import dev.genaiwatch.processor.forward.Forwarder;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bounded queue between receivers and the one worker that runs the enrichers (drift is one) on
 * GenAI spans, keeps them in the recent-calls buffer and forwards every request. Receivers never
 * block: when the queue is full {@link #offer} says so and the receiver answers with OTLP's
 * retryable status.
 */
public final class Pipeline implements Intake {
  private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());
  // Internal emitters (drift log records, evaluation spans) may wait this long for room before
  // their item is dropped.
  private static final long INTERNAL_OFFER_MILLIS = 1000;

  private final BlockingQueue<ExportItem> queue;
  private final SpanEnrichment enrichment;
  private final Forwarder forwarderOrNull;
  private final ProcessorMetrics metrics;
  private final Thread worker;
  private volatile boolean closing;
  // The processor's own items (judge calls, evaluation spans, drift records), by identity:
  // forwarded but
  // never enriched. Incoming data cannot be one of these objects, whatever attributes it carries.
  private final Set<ExportItem> own =
      Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

  public Pipeline(
      int capacity,
      SpanEnrichment enrichment,
      Forwarder forwarderOrNull,
      ProcessorMetrics metrics) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.enrichment = enrichment;
    this.forwarderOrNull = forwarderOrNull;
    this.metrics = metrics;
    this.worker = new Thread(this::work, "genai-watch-processor-pipeline");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** From a receiver: false when the queue is full (or closing) and the sender must retry later. */
  @Override
  public boolean offer(ExportItem item) {
    if (closing || !queue.offer(item)) {
      metrics.refused(item.signal());
      return false;
    }
    metrics.received(item.signal(), item.items());
    return true;
  }

  @Override
  public void emitOwn(ExportItem item) {
    own.add(item);
    try {
      if (!closing && queue.offer(item, INTERNAL_OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
        metrics.received(item.signal(), item.items());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    own.remove(item);
    metrics.dropped(item.signal(), item.items());
  }

  @Override
  public int queued() {
    return queue.size();
  }

  private void work() {
    while (!(closing && queue.isEmpty())) {
      ExportItem item;
      try {
        item = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (item == null) {
        continue;
      }
      try {
        process(item);
      } catch (RuntimeException e) {
        // A bug here must not stop the worker: count the item as dropped and carry on.
        metrics.dropped(item.signal(), item.items());
        LOG.log(
            Level.WARNING, "[genai-watch-processor] failed to process " + item.signal().label(), e);
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
  }

  private void process(ExportItem item) {
    boolean internal = own.remove(item);
    ExportItem processed = internal ? item : enrichment.apply(item);
    if (forwarderOrNull != null) {
      forwarderOrNull.forward(processed);
    } else {
      metrics.forwarded(processed.signal(), processed.items());
    }
  }

  /**
   * Stops accepting, lets the worker drain the queue for up to {@code drainTimeout}, then drops
   * what is left.
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  @Override
  public void close(Duration drainTimeout) {
    closing = true;
    try {
      // join(0) would wait forever: a zero drain timeout means "do not wait".
      worker.join(Math.max(1, drainTimeout.toMillis()));
      if (worker.isAlive()) {
        worker.interrupt();
        worker.join(5000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ExportItem left;
    int dropped = 0;
    while ((left = queue.poll()) != null) {
      metrics.dropped(left.signal(), left.items());
      dropped += left.items();
    }
    if (dropped > 0) {
      LOG.warning(
          "[genai-watch-processor] shutdown: dropped "
              + dropped
              + " queued items after the drain timeout");
    }
    if (forwarderOrNull != null) {
      forwarderOrNull.close();
    }
  }
}
