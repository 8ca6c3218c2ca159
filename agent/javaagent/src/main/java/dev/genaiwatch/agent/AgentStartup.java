package dev.genaiwatch.agent;

import dev.genaiwatch.agent.bytebuddy.InstrumentationInstaller;
import dev.genaiwatch.agent.context.ApplicationOpenTelemetryBridge;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.redaction.RedactionEngine;
import java.lang.instrument.Instrumentation;
import java.util.Set;

/**
 * The start-up sequence: settings, redaction settings, then class transformation. The telemetry
 * SDK, the built-in redaction rules and the GenAI core wait until the application loads a model
 * library's client class, or the first instrumented call ({@link GenAiWatch#installOnFirstUse}).
 */
final class AgentStartup {
  private AgentStartup() {}

  static void start(Instrumentation instrumentation, boolean attached) {
    long t0 = System.nanoTime();
    Set<String> ownedByUpstream =
        "false".equalsIgnoreCase(GenAiWatchConfig.fromSystem().raw(GenAiWatchConfig.ENABLED))
            ? Set.of()
            : UpstreamAgentCoordination.coordinate();
    GenAiWatchConfig config = GenAiWatchConfig.fromSystem();
    GenAiWatchLog.setDebug(config.debug());
    if (!config.enabled()) {
      GenAiWatchLog.info("disabled by " + GenAiWatchConfig.ENABLED + "=false");
      return;
    }
    ExportLogging.install(config.debug());
    long tCore = System.nanoTime();
    // Read (and the user's rules compiled) now: a bad custom rule is reported at start, not at the
    // first call. The built-in rules are compiled with the telemetry SDK.
    RedactionEngine.Builder redaction = RedactionEngine.configuredBy(config);
    GenAiWatch.installOnFirstUse(
        () ->
            instrumenter(
                config,
                new ContentCapture(
                    config.captureContent(), config.contentMaxLength(), redaction.build()),
                ownedByUpstream),
        config);
    BootstrapBridge.install(instrumentation, config, GenAiWatchAgent.class.getClassLoader());
    long tTransformer = System.nanoTime();
    int modules =
        InstrumentationInstaller.install(
            instrumentation, config, GenAiWatchAgent.class.getClassLoader());
    GenAiWatchLog.debug(
        "started "
            + (attached ? "(attached) " : "")
            + "with "
            + modules
            + " instrumentation modules in "
            + millis(t0, System.nanoTime())
            + " ms (settings "
            + millis(t0, tCore)
            + ", redaction settings and bootstrap bridge "
            + millis(tCore, tTransformer)
            + ", class transformer "
            + millis(tTransformer, System.nanoTime())
            + ")");
  }

  /**
   * The telemetry SDK (exporters, batch processor, metric reader) and the instrumenter on it, built
   * not in premain but in the background once a class loader holding a model library is seen
   * ({@code ModelLibraryWatch}), or by the first instrumented call if that comes first.
   */
  private static GenAiInstrumenter instrumenter(
      GenAiWatchConfig config, ContentCapture content, Set<String> ownedByUpstream) {
    long t0 = System.nanoTime();
    TelemetrySdk sdk = TelemetrySdk.start(config);
    InstrumentationHealth health =
        new InstrumentationHealth(sdk.openTelemetry().getMeter(GenAiInstrumenter.SCOPE_NAME));
    GenAiInstrumenter instrumenter =
        new GenAiInstrumenter(
            sdk.openTelemetry(),
            content,
            health,
            AgentVersion.get(),
            new ApplicationOpenTelemetryBridge(),
            new CallOwnership(ownedByUpstream));
    GenAiWatchLog.debug(
        "telemetry SDK started in "
            + millis(t0, System.nanoTime())
            + " ms on "
            + Thread.currentThread().getName()
            + " (a model library's client class loaded, or the first instrumented call)");
    return instrumenter;
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
