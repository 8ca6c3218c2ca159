package dev.genaiwatch.evaluation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (service + request model), so one chatty service cannot use up the judge
 * budget of the others. Capacity equals the per-minute rate (a minute's worth of burst).
 */
final class KeyedRateLimiter {

  /** Keys are bounded by the number of services and models; past this, buckets are forgotten (refilled). */
  private static final int MAX_KEYS = 10_000;

  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  KeyedRateLimiter(double perMinute, LongSupplier nanoTime) {
    this.perNano = perMinute / 60e9;
    this.capacity = Math.max(1, perMinute);
    this.nanoTime = nanoTime;
  }

  boolean tryAcquire(String key) {
    if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong())).take(this);
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
