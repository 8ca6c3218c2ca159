package dev.genaiwatch.core;

import dev.genaiwatch.core.config.GenAiWatchConfig;

/**
 * The agent-wide instrumenter, installed once by the agent before any class is transformed. Advice
 * code reads it through {@link #instrumenter()}; while nothing is installed (no agent)
 * instrumentation is off.
 */
public final class GenAiWatch {
  private static volatile GenAiInstrumenter instrumenter;
  private static volatile GenAiWatchConfig config;

  private GenAiWatch() {}

  public static void install(GenAiInstrumenter value, GenAiWatchConfig configuration) {
    config = configuration;
    instrumenter = value;
  }

  /** Null when genai-watch is not installed; advice then does nothing. */
  public static GenAiInstrumenter instrumenter() {
    return instrumenter;
  }

  public static GenAiWatchConfig config() {
    return config;
  }
}
