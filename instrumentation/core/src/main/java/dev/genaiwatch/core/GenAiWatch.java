package dev.genaiwatch.core;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.util.function.Supplier;

/**
 * The agent-wide instrumenter, installed once by the agent before any class is transformed. Advice
 * code reads it through {@link #instrumenter()}; while nothing is installed (no agent)
 * instrumentation is off. The agent installs a factory instead ({@link #installOnFirstUse}): the
 * telemetry SDK and its exporters are then built by the first instrumented call, so an application
 * that never calls a model never pays for them at start-up.
 */
public final class GenAiWatch {
  private static volatile GenAiInstrumenter instrumenter;
  private static volatile GenAiWatchConfig config;
  private static volatile Supplier<GenAiInstrumenter> factory;

  private GenAiWatch() {}

  public static void install(GenAiInstrumenter value, GenAiWatchConfig configuration) {
    config = configuration;
    factory = null;
    instrumenter = value;
  }

  /**
   * The instrumenter is built by {@code create} when {@link #instrumenter()} is first asked. If
   * building it fails, the failure is reported once and instrumentation stays off.
   */
  public static void installOnFirstUse(
      Supplier<GenAiInstrumenter> create, GenAiWatchConfig configuration) {
    config = configuration;
    instrumenter = null;
    factory = create;
  }

  /** Null when genai-watch is not installed; advice then does nothing. */
  public static GenAiInstrumenter instrumenter() {
    GenAiInstrumenter current = instrumenter;
    return current != null || factory == null ? current : created();
  }

  /**
   * Builds the instrumenter once. A call made while it is being built on the same thread (reentrant
   * lock) finds no factory and goes uninstrumented rather than recursing.
   */
  private static synchronized GenAiInstrumenter created() {
    Supplier<GenAiInstrumenter> create = factory;
    if (instrumenter == null && create != null) {
      factory = null;
      try {
        instrumenter = create.get();
      } catch (Throwable t) {
        GenAiWatchLog.warn(
            "telemetry failed to start and genai-watch is off; the application continues: " + t);
        GenAiWatchLog.debug("telemetry start failure", t);
      }
    }
    return instrumenter;
  }

  public static GenAiWatchConfig config() {
    return config;
  }
}
