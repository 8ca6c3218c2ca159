package dev.genaiwatch.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (service + request model), so one chatty service cannot use up the judge
 * budget of the others. Capacity equals the per-minute rate (a minute's worth of burst).
 */
final class KeyedRateLimiter {

  /** Past this many keys the least recently used bucket is forgotten (refilled), one at a time. */
  static final int MAX_KEYS = 10_000;

  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  // Access order: a sender cycling through random models evicts its own idle keys, not every other
  // key's budget.
  private final Map<String, Bucket> buckets =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > MAX_KEYS;
        }
      };

  KeyedRateLimiter(double perMinute, LongSupplier nanoTime) {
    this.perNano = perMinute / 60e9;
    this.capacity = Math.max(1, perMinute);
    this.nanoTime = nanoTime;
  }

  boolean tryAcquire(String key) {
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong()));
    }
    return bucket.take(this);
  }

  int keys() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized boolean take(KeyedRateLimiter limiter) {
      long now = limiter.nanoTime.getAsLong();
      tokens = Math.min(limiter.capacity, tokens + (now - last) * limiter.perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
