package dev.genaiwatch.agent;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's own (relocated) OpenTelemetry SDK, configured exactly like any SDK through
 * autoconfigure: {@code OTEL_*} variables and {@code -Dotel.*} properties. It is never registered
 * as the global OpenTelemetry, which belongs to the application.
 */
final class TelemetrySdk {
  private final OpenTelemetrySdk sdk;

  private TelemetrySdk(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  static TelemetrySdk start(GenAiWatchConfig config) {
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(TelemetrySdk::defaults)
            .setServiceClassLoader(TelemetrySdk.class.getClassLoader())
            // Our own hook below bounds the flush; the SDK's would wait for every retry of a dead
            // collector.
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    TelemetrySdk telemetry = new TelemetrySdk(sdk);
    Thread hook =
        new Thread(
            () -> telemetry.shutdown(config.shutdownTimeoutMillis()), "genai-watch-shutdown");
    hook.setDaemon(true);
    Runtime.getRuntime().addShutdownHook(hook);
    return telemetry;
  }

  /**
   * Defaults that differ from the SDK's, each overridable by the usual variables: genai-watch emits
   * no logs, so the logs exporter is off unless asked for.
   */
  private static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.logs.exporter", "none");
    return defaults;
  }

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /**
   * Flushes what is queued, waiting at most {@code timeoutMillis}, so a short-lived app loses
   * nothing and a dead collector does not hold the JVM's exit. {@code OpenTelemetrySdk.shutdown()}
   * blocks in places before it returns its result (the periodic metric reader joins its worker,
   * which may be sleeping between retries to a collector that is down), so it runs on its own
   * daemon thread and this hook waits for that thread, not for the result.
   */
  void shutdown(long timeoutMillis) {
    AtomicBoolean flushed = new AtomicBoolean();
    Thread flusher =
        new Thread(
            () -> {
              try {
                flushed.set(sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS).isSuccess());
              } catch (Throwable t) {
                GenAiWatchLog.debug("shutdown failed", t);
              }
            },
            "genai-watch-flush");
    flusher.setDaemon(true);
    flusher.start();
    try {
      flusher.join(Math.max(1, timeoutMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!flushed.get()) {
      GenAiWatchLog.warn(
          "telemetry not fully flushed within "
              + timeoutMillis
              + " ms at shutdown ("
              + GenAiWatchConfig.SHUTDOWN_TIMEOUT_MS
              + "); what was still queued is lost");
    }
  }
}
