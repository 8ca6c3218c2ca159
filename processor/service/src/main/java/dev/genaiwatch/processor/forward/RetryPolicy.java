package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.ProcessorConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded attempts with exponential backoff and full jitter, so many processors do not retry in
 * lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    ProcessorConfig.requireAtLeast("downstream.max.attempts", 1, maxAttempts);
  }

  /** How long to wait before attempt {@code attempt} (2 for the first retry). */
  public Duration backoffBefore(int attempt) {
    long ceiling =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 2, 20));
    long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return Duration.ofMillis(jittered);
  }
}
