package dev.genaiwatch.core;

import java.lang.ref.Cleaner;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the span of a lazy stream (a Reactor {@code Flux}) that the application asked for and then
 * never subscribed: without this the span, started when the stream was asked for, would stay open
 * and never be exported.
 *
 * <p>The span ends, once, when the first of two things happens before a subscription: the stream
 * becomes unreachable (a {@link Cleaner} notices; the watch holds the stream only through a phantom
 * reference, so it never keeps it alive), or {@code timeoutMillis} pass (GC may never come in a
 * quiet application). A subscription cancels both, so a busy application holds nothing per stream
 * once it has subscribed.
 */
public final class UnsubscribedStreamWatch {
  /** The value of {@code genai_watch.stream.end} on a span ended this way. */
  public static final String NEVER_SUBSCRIBED = "never_subscribed";

  private static final Cleaner CLEANER = Cleaner.create(UnsubscribedStreamWatch::daemon);

  private final AtomicBoolean settled = new AtomicBoolean();
  private final Runnable endUnsubscribed;
  private volatile Cleaner.Cleanable cleanable;
  private volatile ScheduledFuture<?> timeout;

  private UnsubscribedStreamWatch(Runnable endUnsubscribed) {
    this.endUnsubscribed = endUnsubscribed;
  }

  /**
   * Starts watching. {@code endUnsubscribed} must not reference {@code stream}, or the stream could
   * never become unreachable; it runs on a genai-watch daemon thread and must not throw.
   */
  public static UnsubscribedStreamWatch watch(
      Object stream, long timeoutMillis, Runnable endUnsubscribed) {
    UnsubscribedStreamWatch watch = new UnsubscribedStreamWatch(endUnsubscribed);
    watch.cleanable = CLEANER.register(stream, watch::endIfUnsettled);
    if (timeoutMillis > 0) {
      watch.timeout =
          Timer.INSTANCE.schedule(watch::endIfUnsettled, timeoutMillis, TimeUnit.MILLISECONDS);
    }
    return watch;
  }

  /** The stream was subscribed: its own completion, error or cancellation ends the span. */
  public void subscribed() {
    if (settled.compareAndSet(false, true)) {
      ScheduledFuture<?> pending = timeout;
      if (pending != null) {
        pending.cancel(false);
      }
      Cleaner.Cleanable registered = cleanable;
      if (registered != null) {
        registered.clean(); // deregisters; the action sees the watch settled and does nothing
      }
    }
  }

  private void endIfUnsettled() {
    if (settled.compareAndSet(false, true)) {
      try {
        endUnsubscribed.run();
      } catch (Throwable t) {
        // A failure costs this span only; the reaper thread must live on.
      }
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "genai-watch-stream-watch");
    thread.setDaemon(true);
    return thread;
  }

  /** One timer thread for every watch, created on first use. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, UnsubscribedStreamWatch::daemon);
      // A cancelled timeout leaves the queue at once: a subscribed stream holds nothing.
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }
}
