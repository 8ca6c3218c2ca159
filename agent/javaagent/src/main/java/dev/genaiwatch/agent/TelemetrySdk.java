package dev.genaiwatch.agent;

import dev.genaiwatch.agent.export.ContentCompletingSpanProcessor;
import dev.genaiwatch.core.ContentOnExport;
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
  static final int EXPORT_BATCH_SIZE = 128;
  static final int EXPORT_DELAY_MILLIS = 1000;

  private final OpenTelemetrySdk sdk;

  private TelemetrySdk(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  static TelemetrySdk start(GenAiWatchConfig config, ContentOnExport contentOnExport) {
    TelemetrySdk telemetry = new TelemetrySdk(build(contentOnExport));
    Thread hook =
        new Thread(
            () -> telemetry.shutdown(config.shutdownTimeoutMillis()), "genai-watch-shutdown");
    hook.setDaemon(true);
    Runtime.getRuntime().addShutdownHook(hook);
    return telemetry;
  }

  /**
   * The SDK as autoconfigure builds it from the environment, on top of {@link #defaults()}; each
   * span processor completes LLM spans with their text attributes on export ({@link
   * ContentCompletingSpanProcessor}).
   */
  static OpenTelemetrySdk build(ContentOnExport contentOnExport) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(TelemetrySdk::defaults)
        .addSpanProcessorCustomizer(
            (processor, properties) ->
                ContentCompletingSpanProcessor.wrap(processor, contentOnExport))
        .setServiceClassLoader(TelemetrySdk.class.getClassLoader())
        // Our own hook in start() bounds the flush; the SDK's would wait for every retry of a dead
        // collector.
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /**
   * Defaults that differ from the SDK's, each overridable by the usual variables.
   *
   * <p>genai-watch emits no logs, so the logs exporter is off unless asked for.
   *
   * <p>The batch span processor exports as soon as {@value #EXPORT_BATCH_SIZE} spans wait (the
   * SDK's 512), and at the latest after {@value #EXPORT_DELAY_MILLIS} ms (the SDK's 5,000): an LLM
   * span carries the conversation (up to three content attributes of {@code
   * genai.watch.content.max.length} characters each), so every span that waits in the queue holds
   * kilobytes of the application's heap, and with the SDK's batch up to 1,024 of them (one batch
   * queued, one being exported) stayed alive in a busy application. The queue's capacity (2,048) is
   * the SDK's: a smaller batch only exports sooner, it drops nothing more.
   */
  static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.bsp.max.export.batch.size", Integer.toString(EXPORT_BATCH_SIZE));
    defaults.put("otel.bsp.schedule.delay", Integer.toString(EXPORT_DELAY_MILLIS));
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
