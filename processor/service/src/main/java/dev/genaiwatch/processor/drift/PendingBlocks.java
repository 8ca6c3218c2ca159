package dev.genaiwatch.processor.drift;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sampled blocks waiting for the embedder: at most one per key and feature, the newest. When
 * the embedder falls behind (a busy host), a key's newer block replaces the one still waiting, so
 * the test always runs on the most recent sample of the traffic instead of working through a
 * backlog of old ones; the block keeps its place in line, so a busy key cannot starve the others.
 * At most {@code maxTexts} texts wait in total: a new key's block beyond that is refused.
 */
final class PendingBlocks {
  record Job(KeyState state, EmbeddingFeature feature, TextReservoir.Block block) {
    int texts() {
      return block.texts().size();
    }
  }

  private record Slot(KeyState state, EmbeddingFeature feature) {}

  private final Map<Slot, Job> waiting = new LinkedHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final int maxTexts;
  private int texts;

  PendingBlocks(int maxTexts) {
    this.maxTexts = Math.max(1, maxTexts);
  }

  /**
   * Queues the job; returns the texts that will not be embedded: those of the block it replaced, or
   * its own when it does not fit.
   */
  int offer(Job job) {
    lock.lock();
    try {
      Slot slot = new Slot(job.state(), job.feature());
      Job replaced = waiting.get(slot);
      int freed = replaced == null ? 0 : replaced.texts();
      if (texts - freed + job.texts() > maxTexts && replaced == null) {
        return job.texts();
      }
      waiting.put(slot, job);
      texts += job.texts() - freed;
      notEmpty.signal();
      return freed;
    } finally {
      lock.unlock();
    }
  }

  /** The oldest waiting job, waiting up to {@code millis} for one; null when none came. */
  Job poll(long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (waiting.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return take();
    } finally {
      lock.unlock();
    }
  }

  /** The oldest waiting job, or null. */
  Job poll() {
    lock.lock();
    try {
      return waiting.isEmpty() ? null : take();
    } finally {
      lock.unlock();
    }
  }

  private Job take() {
    Iterator<Job> oldest = waiting.values().iterator();
    Job job = oldest.next();
    oldest.remove();
    texts -= job.texts();
    return job;
  }
}
