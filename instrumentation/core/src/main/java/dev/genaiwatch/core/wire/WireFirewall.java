package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;

/**
 * Where an HTTP client instrumentation's own failures end: counted as swallowed under its name,
 * never passed to the HTTP client or the application.
 */
public final class WireFirewall {
  private WireFirewall() {}

  /** Runs a report to a call where a failure must not replace what the client returns or throws. */
  public static void safely(String instrumentation, Runnable report) {
    try {
      report.run();
    } catch (Throwable t) {
      swallowed(instrumentation, t);
    }
  }

  public static void swallowed(String instrumentation, Throwable t) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter != null) {
      instrumenter.health().swallowed(instrumentation, t);
    }
  }
}
