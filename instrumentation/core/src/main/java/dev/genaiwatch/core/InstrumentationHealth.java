package dev.genaiwatch.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where instrumentation puts the exceptions it swallows. The application never sees them; operators
 * see a counter ({@code genai_watch.instrumentation.errors}) and one log line per instrumentation
 * and exception type (stack traces in debug mode), so a broken extractor is visible without
 * flooding the log.
 */
public final class InstrumentationHealth {
  private static final InstrumentationHealth NOOP = new InstrumentationHealth(null);

  private final LongCounter counter;
  private final AtomicLong total = new AtomicLong();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  public InstrumentationHealth(Meter meter) {
    this.counter =
        meter == null
            ? null
            : meter
                .counterBuilder(GenAiWatchAttributes.METRIC_INSTRUMENTATION_ERRORS)
                .setDescription(
                    "Exceptions raised inside genai-watch instrumentation and swallowed")
                .setUnit("{error}")
                .build();
  }

  public static InstrumentationHealth noop() {
    return NOOP;
  }

  /** Never throws, whatever {@code t} is. */
  public void swallowed(String instrumentation, Throwable t) {
    try {
      total.incrementAndGet();
      if (counter != null) {
        counter.add(
            1,
            Attributes.of(GenAiWatchAttributes.INSTRUMENTATION, String.valueOf(instrumentation)));
      }
      String key = instrumentation + "/" + t.getClass().getName();
      if (reported.size() < 256 && reported.add(key)) {
        GenAiWatchLog.warn(
            "instrumentation "
                + instrumentation
                + " failed and was skipped for this call: "
                + t
                + " (reported once per error type; the application is unaffected)");
      }
      GenAiWatchLog.debug("instrumentation " + instrumentation + " error", t);
    } catch (Throwable ignored) {
      // Reporting must never become the failure.
    }
  }

  public long total() {
    return total.get();
  }
}
