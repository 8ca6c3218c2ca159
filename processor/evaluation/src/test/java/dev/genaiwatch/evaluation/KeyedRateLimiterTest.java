package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final KeyedRateLimiter limiter = new KeyedRateLimiter(3, now::get); // 3 per minute

  /** Takes the key's three tokens of the minute. */
  private void spendTheBudgetOf(String key) {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire(key);
    }
  }

  @Test
  void burstUpToTheRateIsAllowedThenRefused() {
    assertThat(limiter.tryAcquire("svc/model")).isTrue();
    assertThat(limiter.tryAcquire("svc/model")).isTrue();
    assertThat(limiter.tryAcquire("svc/model")).isTrue();
    assertThat(limiter.tryAcquire("svc/model")).isFalse();
  }

  @Test
  void tokensComeBackAtTheConfiguredRate() {
    spendTheBudgetOf("k");
    now.addAndGet(19_000_000_000L); // 19 s: 0.95 of a token
    assertThat(limiter.tryAcquire("k")).isFalse();
    now.addAndGet(1_000_000_000L); // 20 s in all: one token
    assertThat(limiter.tryAcquire("k")).isTrue();
    assertThat(limiter.tryAcquire("k")).isFalse();
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    spendTheBudgetOf("chatty-service/model");
    assertThat(limiter.tryAcquire("chatty-service/model")).isFalse();
    assertThat(limiter.tryAcquire("quiet-service/model")).isTrue();
  }

  @Test
  void manyNewKeysEvictTheLeastRecentlyUsedBucketsNotABusyOnesSpentBudget() {
    spendTheBudgetOf("busy/model");
    for (int i = 0; i < KeyedRateLimiter.MAX_KEYS * 2; i++) {
      limiter.tryAcquire("random/model-" + i);
      if (i % 1000 == 0) {
        // Still in use: it stays, with its budget spent (clearing all buckets would have refilled
        // it).
        assertThat(limiter.tryAcquire("busy/model")).isFalse();
      }
    }
    assertThat(limiter.tryAcquire("busy/model")).isFalse();
    assertThat(limiter.keys()).isEqualTo(KeyedRateLimiter.MAX_KEYS);
  }
}
