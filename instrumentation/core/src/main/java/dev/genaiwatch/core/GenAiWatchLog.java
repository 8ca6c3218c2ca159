package dev.genaiwatch.core;

import java.io.PrintStream;

/**
 * genai-watch's own log lines: one line each, on stderr, prefixed so operators can grep them, and
 * never through the application's logging framework (which may not be configured yet when the agent
 * starts, and whose configuration is not ours to touch).
 */
public final class GenAiWatchLog {
  private static volatile boolean debug;

  private GenAiWatchLog() {}

  public static void setDebug(boolean enabled) {
    debug = enabled;
  }

  public static boolean isDebug() {
    return debug;
  }

  /**
   * Looked up on every call, not cached: the application may replace System.err after the agent
   * starts.
   */
  private static PrintStream out() {
    return System.err;
  }

  public static void info(String message) {
    out().println("[genai-watch] INFO " + message);
  }

  public static void warn(String message) {
    out().println("[genai-watch] WARN " + message);
  }

  public static void debug(String message) {
    if (debug) {
      out().println("[genai-watch] DEBUG " + message);
    }
  }

  public static void debug(String message, Throwable t) {
    if (debug) {
      out().println("[genai-watch] DEBUG " + message);
      t.printStackTrace(out());
    }
  }
}
