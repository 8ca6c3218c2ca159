package dev.genaiwatch.core;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The agent-wide instrumenter, installed once by the agent before any class is transformed. Hook
 * code reads it through {@link #instrumenter()}; while nothing is installed (no agent)
 * instrumentation is off. The agent installs a factory instead ({@link #installOnFirstUse}): the
 * telemetry SDK and its exporters are then built by the first instrumented call, so an application
 * that never calls a model never pays for them at start-up.
 */
public final class GenAiWatch {
  private static volatile GenAiInstrumenter instrumenter;
  private static volatile GenAiWatchConfig config;
  private static volatile Supplier<GenAiInstrumenter> factory;
  private static final AtomicBoolean backgroundStart = new AtomicBoolean();
  private static volatile Thread building;

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
    backgroundStart.set(false);
    factory = create;
  }

  /** Whether the instrumenter is still to be built and nobody has started building it. */
  public static boolean startPending() {
    return factory != null && !backgroundStart.get();
  }

  /**
   * Starts building the instrumenter on a daemon thread, if it is still to be built: the agent
   * calls this when the application loads the class a model library's client is built on, well
   * before the application's first call, so the telemetry SDK's start overlaps the application's
   * own instead of delaying the first call. A call that comes first waits for the build in progress
   * ({@link #created} is synchronized); an application that loads no model library builds nothing.
   */
  public static void startInBackground() {
    if (!startPending() || !backgroundStart.compareAndSet(false, true)) {
      return;
    }
    Thread starter = new Thread(GenAiWatch::instrumenter, "genai-watch-telemetry-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * Whether genai-watch is installed, without building the instrumenter: for code that runs on
   * every HTTP client built or request sent, so that an application that never calls a model never
   * starts the telemetry SDK.
   */
  public static boolean isInstalled() {
    return instrumenter != null || factory != null;
  }

  /**
   * Null when genai-watch is not installed; hooks then do nothing. While another thread builds the
   * instrumenter (the background start), a call waits for it rather than going uninstrumented.
   */
  public static GenAiInstrumenter instrumenter() {
    GenAiInstrumenter current = instrumenter;
    if (current != null || factory == null || building == Thread.currentThread()) {
      // Read again: the instrumenter is published before the factory is cleared.
      return current != null || building == Thread.currentThread() ? current : instrumenter;
    }
    return created();
  }

  /**
   * Builds the instrumenter once. A call made while it is being built on the same thread (the
   * telemetry SDK's own start-up) goes uninstrumented rather than recursing; a call on another
   * thread waits on the lock.
   */
  private static synchronized GenAiInstrumenter created() {
    Supplier<GenAiInstrumenter> create = factory;
    if (instrumenter == null && create != null) {
      building = Thread.currentThread();
      try {
        instrumenter = create.get();
      } catch (Throwable t) {
        GenAiWatchLog.warn(
            "telemetry failed to start and genai-watch is off; the application continues: " + t);
        GenAiWatchLog.debug("telemetry start failure", t);
      } finally {
        factory = null;
        building = null;
      }
    }
    return instrumenter;
  }

  public static GenAiWatchConfig config() {
    return config;
  }
}
