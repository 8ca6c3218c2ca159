package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.LogText;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one item downstream, retrying retryable failures with backoff; after the last attempt
 * (or a non-retryable failure) the item is counted as dropped with one log line. Blocking on
 * purpose: while it retries, the queue fills and receivers push back on senders instead of losing
 * data silently.
 */
public record Forwarder(Downstream downstream, RetryPolicy policy, ProcessorMetrics metrics)
    implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

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
    drop(
        item,
        "for "
            + downstream.describe()
            + ": "
            + (last == null ? "interrupted during shutdown" : LogText.escape(last.getMessage())));
  }

  /** Counts {@code item} as dropped, with one log line saying {@code why}. */
  private void drop(ExportItem item, String why) {
    metrics.dropped(item.signal(), item.items());
    LOG.log(
        Level.WARNING,
        "[genai-watch-processor] dropped "
            + item.items()
            + " "
            + item.signal().label()
            + " "
            + why);
  }

  /**
   * For the disk queue, where the item stays stored until this returns true: retries a retryable
   * failure until the downstream accepts (after {@code maxAttempts}, at the maximum backoff, with
   * one log line per outage) or {@code stopping} says the processor is shutting down (false: leave
   * the item queued for the next start). A non-retryable rejection is counted as dropped and
   * returns true: sending it again cannot succeed.
   */
  public boolean deliver(ExportItem item, BooleanSupplier stopping) {
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1) {
        if (!sleep(policy.backoffBefore(Math.min(attempt, 30)).toMillis(), stopping)) {
          return false;
        }
        metrics.retried(item.signal(), item.items());
      }
      try {
        downstream.export(item);
        metrics.forwarded(item.signal(), item.items());
        if (attempt > policy.maxAttempts()) {
          LOG.info(
              "[genai-watch-processor] "
                  + downstream.describe()
                  + " accepts again after "
                  + attempt
                  + " attempts");
        }
        return true;
      } catch (DownstreamException e) {
        if (!e.retryable()) {
          drop(
              item, "rejected by " + downstream.describe() + ": " + LogText.escape(e.getMessage()));
          return true;
        }
        if (attempt == policy.maxAttempts()) {
          LOG.warning(
              "[genai-watch-processor] "
                  + downstream.describe()
                  + " still failing after "
                  + attempt
                  + " attempts ("
                  + LogText.escape(e.getMessage())
                  + "); keeping the queue on disk and retrying");
        }
        if (stopping.getAsBoolean()) {
          return false;
        }
      }
    }
  }

  private static boolean sleep(long millis, BooleanSupplier stopping) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      for (long left = millis; left > 0; left = deadline - System.currentTimeMillis()) {
        if (stopping.getAsBoolean()) {
          return false;
        }
        Thread.sleep(Math.min(left, 50));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  public String describe() {
    return downstream.describe();
  }

  @Override
  public void close() {
    downstream.close();
  }
}
