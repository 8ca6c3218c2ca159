package dev.genaiwatch.agent.weaving;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Starts the telemetry SDK in the background ({@link GenAiWatch#startInBackground}) at once if the
 * class a model library's client is built on ({@link LibraryPackages#TELEMETRY_START_BY_MODULE}) is
 * already loaded, or else when it loads: registered on its own on a runtime attach, where {@link
 * FirstLibraryClassTrigger} is not installed, and asked by the trigger in premain. It transforms
 * nothing; once the SDK is started each later class costs it one volatile read.
 */
public final class TelemetryStartWatch implements ClassFileTransformer {
  private final LibraryPackages packages;

  TelemetryStartWatch(LibraryPackages packages) {
    this.packages = packages;
  }

  /** Starts the telemetry SDK now, or registers the watch that will. */
  public static void installOn(Instrumentation instrumentation, GenAiWatchConfig config) {
    LibraryPackages packages = LibraryPackages.enabledBy(config);
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (packages.startsTelemetry(loaded.getName().replace('.', '/'))) {
        GenAiWatch.startInBackground();
        return;
      }
    }
    instrumentation.addTransformer(new TelemetryStartWatch(packages), false);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className != null) {
      seen(className);
    }
    return null;
  }

  /**
   * A class (internal name) being loaded: the telemetry SDK starts if it is a start class and has
   * not started yet. {@link FirstLibraryClassTrigger} asks this for every class in premain.
   */
  void seen(String className) {
    if (GenAiWatch.startPending() && packages.startsTelemetry(className)) {
      GenAiWatch.startInBackground();
    }
  }
}
