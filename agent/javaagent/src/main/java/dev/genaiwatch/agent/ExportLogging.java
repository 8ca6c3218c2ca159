package dev.genaiwatch.agent;

import dev.genaiwatch.core.GenAiWatchLog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes the embedded SDK's java.util.logging output (its loggers live under the relocated package)
 * to genai-watch's one-line log: the first export problem is reported once, later ones only in
 * debug mode. A collector that is down must not fill the application's stderr with stack traces.
 */
final class ExportLogging {
  // Kept strongly reachable: JUL holds loggers weakly and would drop our handler with the logger.
  private static Logger sdkLogger;

  private ExportLogging() {}

  static void install(boolean debug) {
    String relocatedPackage =
        io.opentelemetry.api.OpenTelemetry.class.getPackageName().replace(".api", "");
    sdkLogger = Logger.getLogger(relocatedPackage);
    sdkLogger.setUseParentHandlers(false);
    sdkLogger.setLevel(debug ? Level.FINE : Level.WARNING);
    sdkLogger.addHandler(new OnceHandler(debug));
  }

  private static final class OnceHandler extends Handler {
    private final AtomicBoolean reported = new AtomicBoolean();
    private final boolean debug;

    OnceHandler(boolean debug) {
      this.debug = debug;
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() < Level.WARNING.intValue()) {
        GenAiWatchLog.debug("otel-sdk: " + message(record));
        return;
      }
      if (reported.compareAndSet(false, true)) {
        GenAiWatchLog.warn(
            "telemetry export problem: "
                + message(record)
                + " (further export problems are not logged; set "
                + "GENAI_WATCH_DEBUG=true to see them)");
      } else if (debug) {
        GenAiWatchLog.debug("otel-sdk: " + message(record));
      }
    }

    private static String message(LogRecord record) {
      String msg = record.getMessage() == null ? "" : record.getMessage().replace('\n', ' ');
      if (record.getThrown() != null) {
        msg += " [" + record.getThrown() + "]";
      }
      return msg;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
