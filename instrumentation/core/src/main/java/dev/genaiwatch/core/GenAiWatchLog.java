package dev.genaiwatch.core;

import java.io.PrintStream;

/**
 * genai-watch's own log lines: one line each, on stderr, prefixed so operators can grep them, and never
 * through the application's logging framework (which may not be configured yet when the agent starts,
 * and whose configuration is not ours to touch).
 */
public final class GenAiWatchLog {
  private static volatile boolean debug;
  private static volatile PrintStream out = System.err;

  private GenAiWatchLog() {}

  public static void setDebug(boolean enabled) {
    debug = enabled;
  }

  public static boolean isDebug() {
    return debug;
  }

  public static void info(String message) {
    out.println("[genai-watch] INFO " + message);
  }

  public static void warn(String message) {
    out.println("[genai-watch] WARN " + message);
  }

  public static void debug(String message) {
    if (debug) {
      out.println("[genai-watch] DEBUG " + message);
    }
  }

  public static void debug(String message, Throwable t) {
    if (debug) {
      out.println("[genai-watch] DEBUG " + message);
      t.printStackTrace(out);
    }
  }
}
