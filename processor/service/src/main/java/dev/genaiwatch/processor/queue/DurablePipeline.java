package dev.genaiwatch.processor.queue;

import dev.genaiwatch.processor.forward.Forwarder;
import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.Intake;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.SpanEnrichment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The on-disk queue between receivers and the downstream: "acknowledged" means "written to a
 * segment file". Two queues in {@code <data.dir>/queue}: {@code received} (what senders sent, as
 * they sent it) and {@code enriched} (after drift and evaluation, ready to forward). The enrich
 * thread moves each record from the first to the second, storing the source seq with it, so a
 * record moved just before a crash is recognised on start and not enriched again; the forward
 * thread removes a record only once the downstream accepted it (or rejected it for good). Bounded
 * in bytes: {@link #offer} refuses when the records waiting in both queues reach {@code
 * queue.max.bytes}, and receivers answer 503 / UNAVAILABLE.
 */
public final class DurablePipeline implements Intake {
  private static final Logger LOG = Logger.getLogger(DurablePipeline.class.getName());
  private static final long POLL_MILLIS = 100;

  private final DirectoryLock lock;
  private final SegmentQueue received;
  private final SegmentQueue enriched;
  private final long maxBytes;
  private final SpanEnrichment enrichment;
  private final Forwarder forwarderOrNull;
  private final ProcessorMetrics metrics;
  private final ScheduledExecutorService syncer;
  private final Thread enrichThread;
  private final Thread forwardThread;
  private volatile boolean closing;
  private volatile boolean stopped;

  public DurablePipeline(
      Path dir,
      QueueSettings settings,
      SpanEnrichment enrichment,
      Forwarder forwarderOrNull,
      ProcessorMetrics metrics)
      throws IOException {
    this.lock = DirectoryLock.acquire(dir);
    try {
      this.received =
          new SegmentQueue(dir.resolve("received"), settings.segmentBytes(), settings.fsync());
    } catch (IOException e) {
      lock.close();
      throw e;
    }
    try {
      this.enriched =
          new SegmentQueue(dir.resolve("enriched"), settings.segmentBytes(), settings.fsync());
    } catch (IOException e) {
      received.close();
      lock.close();
      throw e;
    }
    this.maxBytes = settings.maxBytes();
    this.enrichment = enrichment;
    this.forwarderOrNull = forwarderOrNull;
    this.metrics = metrics;
    // Records already moved to the enriched queue (before a crash) must not be enriched a second
    // time.
    received.skipThrough(enriched.maxMarker());
    int replayed = received.pendingRecords() + enriched.pendingRecords();
    if (replayed > 0) {
      LOG.info("[genai-watch-processor] replaying " + replayed + " queued requests from " + dir);
    }
    if (settings.fsync() == FsyncPolicy.INTERVAL) {
      syncer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "genai-watch-processor-queue-fsync");
                thread.setDaemon(true);
                return thread;
              });
      long interval = settings.fsyncInterval().toMillis();
      syncer.scheduleWithFixedDelay(this::sync, interval, interval, TimeUnit.MILLISECONDS);
    } else {
      syncer = null;
    }
    enrichThread = new Thread(this::enrichLoop, "genai-watch-processor-enrich");
    forwardThread = new Thread(this::forwardLoop, "genai-watch-processor-forward");
    enrichThread.setDaemon(true);
    forwardThread.setDaemon(true);
    enrichThread.start();
    forwardThread.start();
  }

  @Override
  public boolean offer(ExportItem item) {
    if (!append(item)) {
      metrics.refused(item.signal());
      return false;
    }
    metrics.received(item.signal(), item.items());
    return true;
  }

  private boolean append(ExportItem item) {
    if (closing) {
      return false;
    }
    byte[] payload = ItemCodec.encode(item);
    // Checked and appended under the queue's lock only for the append: the budget may be passed by
    // the requests
    // in flight at the same moment (each at most max.body.bytes), which is what a budget in bytes
    // can promise.
    if (received.pendingBytes() + enriched.pendingBytes() + payload.length > maxBytes) {
      return false;
    }
    try {
      received.append(payload, 0);
      return true;
    } catch (IOException e) {
      // A full or failing disk: refuse (the sender retries) rather than acknowledge what is not
      // stored.
      LOG.log(
          Level.WARNING, "[genai-watch-processor] cannot write the disk queue: " + e.getMessage());
      return false;
    }
  }

  /** Own items go straight to the forward stage. */
  @Override
  public void emitOwn(ExportItem item) {
    byte[] payload = ItemCodec.encode(item);
    boolean stored = false;
    if (!closing
        && received.pendingBytes() + enriched.pendingBytes() + payload.length <= maxBytes) {
      try {
        // Marker 0: it names no received record, so it never makes a received record count as
        // enriched.
        enriched.append(payload, 0);
        stored = true;
      } catch (IOException e) {
        LOG.log(
            Level.WARNING,
            "[genai-watch-processor] cannot write the disk queue: " + e.getMessage());
      }
    }
    if (stored) {
      metrics.received(item.signal(), item.items());
    } else {
      metrics.dropped(item.signal(), item.items());
    }
  }

  @Override
  public int queued() {
    return received.pendingRecords() + enriched.pendingRecords();
  }

  /** Bytes waiting in both queues (what {@code queue.max.bytes} bounds). */
  public long queuedBytes() {
    return received.pendingBytes() + enriched.pendingBytes();
  }

  private void enrichLoop() {
    while (!stopped) {
      try {
        SegmentQueue.Entry entry = received.take(POLL_MILLIS);
        if (entry == null) {
          if (closing) {
            return;
          }
          continue;
        }
        byte[] forward;
        try {
          ExportItem item = ItemCodec.decode(entry.payload());
          ExportItem processed = enrichment.apply(item);
          // Unchanged (no GenAI span, or not traces): the stored bytes are already what is to be
          // forwarded.
          forward = processed == item ? entry.payload() : ItemCodec.encode(processed);
        } catch (IOException | RuntimeException e) {
          // A record that cannot be read or enriched must not block the queue: counted and skipped.
          LOG.log(
              Level.WARNING,
              "[genai-watch-processor] skipped a queued request that failed to process",
              e);
          received.commit(entry);
          continue;
        }
        if (!appendEnriched(forward, entry.seq())) {
          return; // Stopping with the disk full: the received record stays and is replayed on the
          // next start.
        }
        received.commit(entry);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        LOG.log(
            Level.WARNING, "[genai-watch-processor] disk queue error; the enrich stage stops", e);
        return;
      }
    }
  }

  /**
   * Retries a failing append (a full disk) every second until it succeeds or the processor stops.
   */
  private boolean appendEnriched(byte[] payload, long sourceSeq) throws InterruptedException {
    boolean logged = false;
    while (true) {
      try {
        enriched.append(payload, sourceSeq);
        return true;
      } catch (IOException e) {
        if (stopped) {
          return false;
        }
        if (!logged) {
          LOG.warning(
              "[genai-watch-processor] cannot write the disk queue ("
                  + e.getMessage()
                  + "); retrying every second, senders get 503 meanwhile");
          logged = true;
        }
        Thread.sleep(1000);
      }
    }
  }

  private void forwardLoop() {
    while (!stopped) {
      try {
        SegmentQueue.Entry entry = enriched.take(POLL_MILLIS);
        if (entry == null) {
          if (closing && !enrichThread.isAlive()) {
            return;
          }
          continue;
        }
        boolean done;
        try {
          if (forwarderOrNull == null) {
            // Nowhere to send it: count it without parsing it.
            metrics.forwarded(ItemCodec.signal(entry.payload()), ItemCodec.items(entry.payload()));
            done = true;
          } else {
            done = forwarderOrNull.deliver(ItemCodec.decode(entry.payload()), () -> stopped);
          }
        } catch (IOException e) {
          LOG.log(Level.WARNING, "[genai-watch-processor] skipped an unreadable queued request", e);
          enriched.commit(entry);
          continue;
        }
        if (!done) {
          return; // Shutting down: the record stays on disk and is sent after the next start.
        }
        enriched.commit(entry);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        LOG.log(
            Level.WARNING, "[genai-watch-processor] disk queue error; the forward stage stops", e);
        return;
      }
    }
  }

  private void sync() {
    try {
      received.sync();
      enriched.sync();
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "[genai-watch-processor] cannot fsync the disk queue: " + e.getMessage());
    }
  }

  /**
   * Stops accepting and forwards what it can within {@code drainTimeout}; the rest stays on disk
   * for next start.
   */
  @Override
  public void close(Duration drainTimeout) {
    closing = true;
    try {
      long deadline = System.currentTimeMillis() + Math.max(1, drainTimeout.toMillis());
      enrichThread.join(Math.max(1, deadline - System.currentTimeMillis()));
      forwardThread.join(Math.max(1, deadline - System.currentTimeMillis()));
      stopped = true;
      enrichThread.join(5000);
      forwardThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
    if (syncer != null) {
      // Not shutdownNow: an interrupt during FileChannel.force closes the channel
      // (ClosedByInterruptException).
      syncer.shutdown();
      try {
        syncer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int left = queued();
    if (left > 0) {
      LOG.info(
          "[genai-watch-processor] shutdown: "
              + left
              + " requests stay in the disk queue for the next start");
    }
    try {
      received.close();
      enriched.close();
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "[genai-watch-processor] cannot close the disk queue: " + e.getMessage());
    }
    if (forwarderOrNull != null) {
      forwarderOrNull.close();
    }
    try {
      lock.close();
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "[genai-watch-processor] cannot release the disk queue lock: " + e.getMessage());
    }
  }
}
