package dev.genaiwatch.agent.weaving;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * The one class transformer premain registers: a plain {@link ClassFileTransformer} that waits for
 * the first class a module may want to weave ({@link LibraryPackages}: a class a hook names, or one
 * that may implement a framework interface whose implementations are hooked), and only then has the
 * method-hook transformer built (the modules, their version checks, the bootstrap bridge). An
 * application that never loads an instrumented library builds nothing, and every class costs a name
 * comparison, at most a class-file header read.
 *
 * <p>The hook transformer is built by the first thread that needs it, while it loads that class;
 * another thread needing it meanwhile waits for it (building it loads only the agent's own classes,
 * which never need it, so it never waits for itself). It is not registered with the JVM but stays
 * behind this one, so every class reaches it exactly once whichever thread loads it and whenever (a
 * transformer added while another thread is already inside the chain would be skipped by that
 * thread).
 *
 * <p>Every class load passes here first, so this is also where the class a model library's client
 * is built on starts the telemetry SDK in the background ({@link
 * LibraryPackages#TELEMETRY_START_BY_MODULE}).
 */
public final class FirstLibraryClassTrigger implements ClassFileTransformer {
  private static final ClassFileTransformer NONE = new ClassFileTransformer() {};

  private final LibraryPackages packages;
  private final TelemetryStartWatch telemetryStart;
  private final Supplier<ClassFileTransformer> hookInstallation;
  private volatile ClassFileTransformer hooks;

  /**
   * @param hookInstallation builds the method-hook transformer, on the first class it may weave;
   *     returns null when no hook module is enabled
   */
  FirstLibraryClassTrigger(
      LibraryPackages packages, Supplier<ClassFileTransformer> hookInstallation) {
    this.packages = packages;
    this.telemetryStart = new TelemetryStartWatch(packages);
    this.hookInstallation = hookInstallation;
  }

  /** The trigger for the modules the configuration leaves on; null when there is none. */
  public static FirstLibraryClassTrigger of(
      GenAiWatchConfig config, Supplier<ClassFileTransformer> hookInstallation) {
    LibraryPackages packages = LibraryPackages.enabledBy(config);
    return packages.isEmpty() ? null : new FirstLibraryClassTrigger(packages, hookInstallation);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    if (className == null) {
      return null;
    }
    telemetryStart.seen(className);
    if (!packages.isHooked(className)
        && !packages.mayImplementHookedSuperType(className, loader, classfileBuffer)) {
      return null;
    }
    ClassFileTransformer hookTransformer = hooks;
    if (hookTransformer == null) {
      hookTransformer = installHooks();
    }
    return hookTransformer.transform(
        module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  /** True once the hook transformer was built (or its build failed). */
  boolean fired() {
    return hooks != null;
  }

  private synchronized ClassFileTransformer installHooks() {
    return hooks == null ? buildHooks() : hooks;
  }

  private ClassFileTransformer buildHooks() {
    long t0 = System.nanoTime();
    ClassFileTransformer built = NONE;
    try {
      ClassFileTransformer transformer = hookInstallation.get();
      if (transformer != null) {
        built = transformer;
      }
      GenAiWatchLog.debug(
          "method hooks built in "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms on "
              + Thread.currentThread().getName());
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "could not install the method hooks; nothing is instrumented, the application"
              + " continues: "
              + t);
      GenAiWatchLog.debug("method hook failure", t);
    }
    hooks = built;
    return built;
  }
}
