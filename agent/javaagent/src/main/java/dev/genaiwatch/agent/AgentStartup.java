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

/** The start-up sequence: settings, telemetry SDK, the GenAI core, then class transformation. */
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
    long tSdk = System.nanoTime();
    TelemetrySdk sdk = TelemetrySdk.start(config);
    long tCore = System.nanoTime();
    InstrumentationHealth health =
        new InstrumentationHealth(sdk.openTelemetry().getMeter(GenAiInstrumenter.SCOPE_NAME));
    ContentCapture content =
        new ContentCapture(
            config.captureContent(), config.contentMaxLength(), RedactionEngine.fromConfig(config));
    GenAiWatch.install(
        new GenAiInstrumenter(
            sdk.openTelemetry(),
            content,
            health,
            AgentVersion.get(),
            new ApplicationOpenTelemetryBridge(),
            new CallOwnership(ownedByUpstream)),
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
            + millis(t0, tSdk)
            + ", telemetry SDK "
            + millis(tSdk, tCore)
            + ", GenAI core and bootstrap bridge "
            + millis(tCore, tTransformer)
            + ", class transformer "
            + millis(tTransformer, System.nanoTime())
            + ")");
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
