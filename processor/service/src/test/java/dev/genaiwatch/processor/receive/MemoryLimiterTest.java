package dev.genaiwatch.processor.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryLimiterTest {
  private static final long MAX = 1000 * 100;

  @Test
  void belowTheLimitEveryRequestIsAdmittedAndNoCollectionIsAsked() {
    AtomicInteger collections = new AtomicInteger();
    MemoryLimiter limiter =
        new MemoryLimiter(() -> MAX / 100 * 79, collections::incrementAndGet, MAX, 80);
    assertThat(limiter.admits()).isTrue();
    assertThat(collections).hasValue(0);
  }

  @Test
  void aboveTheLimitRequestsAreRefusedAndOneCollectionIsAskedNotOnePerRequest() {
    AtomicInteger collections = new AtomicInteger();
    MemoryLimiter limiter =
        new MemoryLimiter(() -> MAX / 100 * 81, collections::incrementAndGet, MAX, 80);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.admits()).isFalse();
    }
    assertThat(collections).hasValue(1);
    assertThat(limiter.refusal()).contains("memory.limit.percent", "retry");
  }

  @Test
  void onceTheHeapIsBackUnderTheLimitRequestsAreAdmittedAgain() {
    AtomicLong used = new AtomicLong(MAX);
    MemoryLimiter limiter = new MemoryLimiter(used::get, () -> used.set(MAX / 10), MAX, 80);
    assertThat(limiter.admits()).isFalse();
    assertThat(limiter.admits()).isTrue();
  }

  @Test
  void oneHundredPercentTurnsItOff() {
    assertThat(new MemoryLimiter(() -> Long.MAX_VALUE, () -> {}, MAX, 100).admits()).isTrue();
  }

  @Test
  void aPercentOutsideOneToOneHundredIsRefusedAtStart() {
    assertThatThrownBy(() -> new MemoryLimiter(() -> 0, () -> {}, MAX, 0))
        .hasMessageContaining("memory.limit.percent must be between 1 and 100");
  }
}
