package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * The one class transformer premain registers: a plain {@link ClassFileTransformer} that waits for
 * the first class a module may want to transform ({@link LibraryPackages}), and only then has
 * ByteBuddy's transformer built. An application that never loads an instrumented library never
 * loads ByteBuddy, and the classes loaded before that first one (the JDK's, the application
 * server's, the application's own start-up) cost a name comparison each instead of a pass through
 * ByteBuddy.
 *
 * <p>The class at hand is handed to the new transformer from here: a transformer added during this
 * callback would not see it. Afterwards only the classes a module could match reach it ({@link
 * LibraryPackages#mayConcern}), so the JDK's classes skip it. ByteBuddy's transformer is not
 * registered with the JVM but stays behind this one, so every class reaches it exactly once
 * whichever thread loads it and whenever (a transformer added while another thread is already
 * inside the chain would be skipped by that thread, and one removed could be asked twice). Nothing
 * loaded before the first library class needs advice, so nothing is retransformed; the exception is
 * an application class implementing a LangChain4j or Spring AI interface only through its own base
 * class and loaded before any class of the framework, which stays unadvised (docs/benchmarks.md).
 *
 * <p>Classes loaded while the transformer is being built, by the thread building it (ByteBuddy's
 * own, the modules'), pass through untouched; another thread that meets a library class meanwhile
 * waits for the build, so its class is transformed too. If the build fails, the agent stays off and
 * says so once; the application continues.
 *
 * <p>The classes the wire-level modules hook ({@code MethodHook}: the HTTP clients' builders and
 * facades) never fire ByteBuddy's build: they go to the method-hook transformer, built on the first
 * of them (the bootstrap bridge, the modules' version checks; no ByteBuddy), so an application that
 * builds HTTP clients but never loads a model library starts without ByteBuddy too.
 */
public final class FirstLibraryClassTrigger implements ClassFileTransformer {
  private static final ClassFileTransformer NONE = new ClassFileTransformer() {};

  private final LibraryPackages packages;
  private final Supplier<ClassFileTransformer> installation;
  private final Supplier<ClassFileTransformer> hookInstallation;
  private volatile ClassFileTransformer installed;
  private volatile ClassFileTransformer hooks;
  // Its own lock: a thread meeting an HTTP client class need not wait for ByteBuddy's build.
  private final Object hookLock = new Object();
  // Guarded by this.
  private boolean installing;

  /**
   * @param installation builds ByteBuddy's transformer, on the first library class; returns null
   *     when no module is enabled
   * @param hookInstallation builds the method-hook transformer, on the first hooked class; returns
   *     null when no hook module is enabled
   */
  FirstLibraryClassTrigger(
      LibraryPackages packages,
      Supplier<ClassFileTransformer> installation,
      Supplier<ClassFileTransformer> hookInstallation) {
    this.packages = packages;
    this.installation = installation;
    this.hookInstallation = hookInstallation;
  }

  /** The trigger for the modules the configuration leaves on; null when there is none. */
  public static FirstLibraryClassTrigger of(
      GenAiWatchConfig config,
      Supplier<ClassFileTransformer> installation,
      Supplier<ClassFileTransformer> hookInstallation) {
    LibraryPackages packages = LibraryPackages.enabledBy(config);
    return packages.isEmpty()
        ? null
        : new FirstLibraryClassTrigger(packages, installation, hookInstallation);
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
    if (packages.isHooked(className)) {
      ClassFileTransformer hookTransformer = hooks;
      if (hookTransformer == null) {
        hookTransformer = installHooks();
      }
      return hookTransformer.transform(
          module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }
    if (packages.hasNoLibraryPackages()) {
      return null;
    }
    ClassFileTransformer delegate = installed;
    if (delegate != null && !packages.mayConcern(className)) {
      return null;
    }
    if (delegate == null) {
      if (!packages.concerns(className, classfileBuffer)) {
        return null;
      }
      delegate = install(className);
      if (delegate == null) {
        // This thread is building the transformer and loads a library class meanwhile.
        return null;
      }
    }
    return delegate.transform(
        module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  /** True once the first library class was seen and the transformer built (or its build failed). */
  public boolean fired() {
    return installed != null;
  }

  /**
   * Built once, by the first thread to meet a hooked class; another waits for it. Nothing it loads
   * is a hooked class, so it never waits for itself.
   */
  private ClassFileTransformer installHooks() {
    synchronized (hookLock) {
      return hooks == null ? buildHooks() : hooks;
    }
  }

  private ClassFileTransformer buildHooks() {
    ClassFileTransformer built = NONE;
    try {
      ClassFileTransformer transformer = hookInstallation.get();
      if (transformer != null) {
        built = transformer;
      }
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "could not install the method hooks; the HTTP clients are not instrumented, the"
              + " application continues: "
              + t);
    }
    hooks = built;
    return built;
  }

  private synchronized ClassFileTransformer install(String firstClass) {
    if (installed != null || installing) {
      return installed;
    }
    installing = true;
    long t0 = System.nanoTime();
    ClassFileTransformer built = NONE;
    try {
      ClassFileTransformer transformer = installation.get();
      if (transformer != null) {
        built = transformer;
      }
      GenAiWatchLog.debug(
          "class transformer built in "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms, on the first instrumented library class ("
              + firstClass.replace('/', '.')
              + ")");
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "could not install the class transformer; nothing is instrumented, the application"
              + " continues: "
              + t);
      GenAiWatchLog.debug("class transformer failure", t);
    } finally {
      installed = built;
      installing = false;
    }
    return built;
  }
}
