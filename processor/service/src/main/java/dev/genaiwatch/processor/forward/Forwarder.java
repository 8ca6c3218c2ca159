package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one item downstream, retrying retryable failures with backoff; after the last attempt (or a
 * non-retryable failure) the item is counted as dropped with one log line. Blocking on purpose: while it
 * retries, the queue fills and receivers push back on senders instead of losing data silently.
 */
public final class Forwarder implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

  private final Downstream downstream;
  private final RetryPolicy policy;
  private final ProcessorMetrics metrics;

  public Forwarder(Downstream downstream, RetryPolicy policy, ProcessorMetrics metrics) {
    this.downstream = downstream;
    this.policy = policy;
    this.metrics = metrics;
  }

  public void forward(ExportItem item) {
    DownstreamException last = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      if (attempt > 1) {
        try {
          Thread.sleep(policy.backoffBefore(attempt).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        metrics.retried(item.signal(), item.items());
      }
      try {
        downstream.export(item);
        metrics.forwarded(item.signal(), item.items());
        return;
      } catch (DownstreamException e) {
        last = e;
        if (!e.retryable()) {
          break;
        }
      }
    }
    metrics.dropped(item.signal(), item.items());
    LOG.log(Level.WARNING, "[genai-watch-processor] dropped " + item.items() + " " + item.signal().label() + " for "
        + downstream.describe() + ": " + (last == null ? "interrupted during shutdown" : last.getMessage()));
  }

  public String describe() {
    return downstream.describe();
  }

  @Override
  public void close() {
    downstream.close();
  }
}
