package dev.genaiwatch.processor.latency;

import dev.genaiwatch.processor.ProcessorConfig;
import java.time.Duration;

/**
 * The latency split's join: on or off, how long a client GenAI span or a model server's {@code
 * llm_request} span waits for its partner ({@code latency.window.ms}), how many wait at most
 * ({@code latency.max.pending}, spans of both sides and wire-level links together; under 1 KB
 * each), and how many joined pairs {@code /api/latency} keeps ({@code latency.recent.capacity}).
 * Whichever bound is reached first ends the wait; the span is then counted as unmatched.
 */
public record LatencySettings(
    boolean enabled, Duration window, int maxPending, int recentCapacity) {

  public static LatencySettings from(ProcessorConfig config) {
    return new LatencySettings(
        config.bool("latency.enabled", true),
        config.millis("latency.window.ms", 30_000),
        config.integer("latency.max.pending", 10_000),
        config.integer("latency.recent.capacity", 200));
  }

  public LatencySettings {
    ProcessorConfig.requirePositive("latency.window.ms", window);
    ProcessorConfig.requireAtLeast("latency.max.pending", 1, maxPending);
    ProcessorConfig.requireAtLeast("latency.recent.capacity", 1, recentCapacity);
  }
}
