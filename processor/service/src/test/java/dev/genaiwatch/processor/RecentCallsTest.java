package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.forward.RecentCalls;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class RecentCallsTest {
  private static Span withPrompt(int chars) {
    return GenAiCalls.chat("m", 1, 1, "x".repeat(chars));
  }

  @Test
  void largeCallsEvictTheOldestToStayWithinTheByteBudget() {
    RecentCalls calls = new RecentCalls(1000, 100_000);
    for (int i = 0; i < 50; i++) {
      calls.add(Resource.getDefaultInstance(), withPrompt(10_000));
    }
    assertThat(calls.bytes()).isLessThanOrEqualTo(100_000);
    assertThat(calls.latest(1000)).hasSizeBetween(5, 10);
  }

  @Test
  void theCountLimitStillHoldsForSmallCalls() {
    RecentCalls calls = new RecentCalls(3, 100_000);
    for (int i = 0; i < 10; i++) {
      calls.add(Resource.getDefaultInstance(), withPrompt(10));
    }
    assertThat(calls.latest(100)).hasSize(3);
  }

  @Test
  void aCallLargerThanTheWholeBudgetIsNotKeptAndEvictsNothing() {
    RecentCalls calls = new RecentCalls(1000, 10_000);
    calls.add(Resource.getDefaultInstance(), withPrompt(10));
    calls.add(Resource.getDefaultInstance(), withPrompt(20_000));
    assertThat(calls.latest(100)).hasSize(1);
  }
}
