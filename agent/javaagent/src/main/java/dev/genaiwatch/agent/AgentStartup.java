package dev.genaiwatch.agent;

import dev.genaiwatch.agent.context.ApplicationOpenTelemetryBridge;
import dev.genaiwatch.agent.weaving.FirstLibraryClassTrigger;
import dev.genaiwatch.agent.weaving.MethodHookTransformer;
import dev.genaiwatch.agent.weaving.TelemetryStartWatch;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.ContentOnExport;
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
 * The start-up sequence: settings, redaction settings, then class transformation. In premain the
 * class transformation is only a trigger ({@link FirstLibraryClassTrigger}): the method hooks, the
 * modules' version checks and the bootstrap bridge wait for the first class a hook may go into. The
 * telemetry SDK, the built-in redaction rules and the GenAI core wait longer, until the application
 * loads a model library's client class, or the first instrumented call ({@link
 * GenAiWatch#installOnFirstUse}). A runtime attach builds the transformer at once, since the
 * classes it must reach are already loaded.
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
    long tTransformer = System.nanoTime();
    ClassLoader agentLoader = GenAiWatchAgent.class.getClassLoader();
    String transformer;
    if (attached) {
      // Classes are already loaded: the transformers are built now and retransform them.
      MethodHookTransformer hooks = methodHooks(instrumentation, config, agentLoader);
      if (hooks != null) {
        hooks.installOn(instrumentation);
      }
      transformer = hooks != null ? "method hooks" : "no module enabled";
      TelemetryStartWatch.installOn(instrumentation, config);
    } else {
      FirstLibraryClassTrigger trigger =
          FirstLibraryClassTrigger.of(
              config, () -> methodHooks(instrumentation, config, agentLoader));
      if (trigger != null) {
        instrumentation.addTransformer(trigger, true);
      }
      transformer = "waiting for the first instrumented library class";
    }
    GenAiWatchLog.debug(
        "started "
            + (attached ? "(attached) " : "")
            + "in "
            + millis(t0, System.nanoTime())
            + " ms (settings "
            + millis(t0, tCore)
            + ", redaction settings "
            + millis(tCore, tTransformer)
            + ", class transformer "
            + millis(tTransformer, System.nanoTime())
            + ": "
            + transformer
            + ")");
  }

  /**
   * The method hooks of the wire-level modules, after the bootstrap bridge their JDK hooks call
   * (those modules are the bridge's only users).
   */
  private static MethodHookTransformer methodHooks(
      Instrumentation instrumentation, GenAiWatchConfig config, ClassLoader agentLoader) {
    BootstrapBridge.install(instrumentation, config, agentLoader);
    return MethodHookTransformer.of(instrumentation, config, agentLoader);
  }

  /**
   * The telemetry SDK (exporters, batch processor, metric reader) and the instrumenter on it, built
   * not in premain but in the background once the application loads the class a model library's
   * client is built on ({@code LibraryPackages.TELEMETRY_START_BY_MODULE}), or by the first
   * instrumented call if that comes first.
   */
  private static GenAiInstrumenter instrumenter(
      GenAiWatchConfig config, ContentCapture content, Set<String> ownedByUpstream) {
    long t0 = System.nanoTime();
    ExportLogging.install(config.debug());
    ContentOnExport contentOnExport = new ContentOnExport();
    TelemetrySdk sdk = TelemetrySdk.start(config, contentOnExport);
    InstrumentationHealth health =
        new InstrumentationHealth(sdk.openTelemetry().getMeter(GenAiInstrumenter.SCOPE_NAME));
    GenAiInstrumenter instrumenter =
        new GenAiInstrumenter(
            sdk.openTelemetry(),
            content,
            health,
            AgentVersion.get(),
            new ApplicationOpenTelemetryBridge(),
            new CallOwnership(ownedByUpstream),
            contentOnExport);
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
