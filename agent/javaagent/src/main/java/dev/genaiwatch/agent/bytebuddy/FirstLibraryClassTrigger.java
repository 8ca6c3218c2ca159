package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one class transformer premain registers: a plain {@link ClassFileTransformer} that waits for
 * the first class a module may want to transform ({@link LibraryPackages}), and only then has
 * ByteBuddy's transformer built. An application that never loads an instrumented library never
 * loads ByteBuddy, and the classes loaded before that first one (the JDK's, the application
 * server's, the application's own start-up) cost a name comparison each instead of a pass through
 * ByteBuddy.
 *
 * <p>The transformer is built on a thread of its own ({@value #BUILDER_THREAD}), not on the
 * application's: building it takes a few hundred milliseconds (some 1,250 classes of ByteBuddy).
 * Meanwhile a class goes on untransformed when the transformer would leave it so ({@link
 * LibraryPackages#mayConcern}: the JDK's, a library's that implements no framework interface, an
 * application class whose direct super types are all such types, any class of a class loader that
 * cannot see LangChain4j's or Spring AI's interfaces); any other waits for the build and is
 * transformed. If the build fails, the agent stays off and says so once; the application continues.
 * A wait is bounded ({@value #MAX_WAIT_SECONDS} s, then the class goes on untransformed with a
 * warning), so a build stuck behind a lock the waiting thread holds cannot hang the application.
 *
 * <p>Afterwards only the classes a module could match reach ByteBuddy's transformer ({@link
 * LibraryPackages#mayConcern}), so the JDK's classes skip it. That transformer is not registered
 * with the JVM but stays behind this one, so every class reaches it exactly once whichever thread
 * loads it and whenever (a transformer added while another thread is already inside the chain would
 * be skipped by that thread, and one removed could be asked twice). Nothing loaded before the first
 * library class needs advice, so nothing is retransformed; the exception is an application class
 * implementing a LangChain4j or Spring AI interface only through its own base class and loaded
 * before any class of the framework, which stays unadvised (docs/benchmarks.md).
 *
 * <p>The classes the wire-level modules hook ({@code MethodHook}: the HTTP clients' builders and
 * facades) never fire ByteBuddy's build: they go to the method-hook transformer, built on the first
 * of them (the bootstrap bridge, the modules' version checks; no ByteBuddy), so an application that
 * builds HTTP clients but never loads a model library starts without ByteBuddy too.
 *
 * <p>Every class load passes here first, so this is also where the class a model library's client
 * is built on starts the telemetry SDK in the background ({@link
 * LibraryPackages#TELEMETRY_START_BY_MODULE}), whichever way that library is woven and whether or
 * not ByteBuddy's transformer exists yet.
 */
public final class FirstLibraryClassTrigger implements ClassFileTransformer {
  static final String BUILDER_THREAD = "genai-watch-instrumentation-build";
  static final int MAX_WAIT_SECONDS = 60;
  private static final ClassFileTransformer NONE = new ClassFileTransformer() {};

  private final LibraryPackages packages;
  private final TelemetryStartWatch telemetryStart;
  private final long maxWaitNanos;
  private final Supplier<ClassFileTransformer> installation;
  private final Supplier<ClassFileTransformer> hookInstallation;
  private volatile ClassFileTransformer installed;
  private volatile ClassFileTransformer hooks;
  // Its own lock: a thread meeting an HTTP client class need not wait for ByteBuddy's build.
  private final Object hookLock = new Object();
  // Set under this lock, once.
  private volatile Thread builder;

  /**
   * @param installation builds ByteBuddy's transformer, on the first library class; returns null
   *     when no module is enabled
   * @param hookInstallation builds the method-hook transformer, on the first hooked class; returns
   *     null when no hook module is enabled
   */
  FirstLibraryClassTrigger(
      LibraryPackages packages,
      Supplier<ClassFileTransformer> installation,
      Supplier<ClassFileTransformer> hookInstallation,
      Duration maxWait) {
    this.packages = packages;
    this.telemetryStart = new TelemetryStartWatch(packages);
    this.installation = installation;
    this.hookInstallation = hookInstallation;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** The trigger for the modules the configuration leaves on; null when there is none. */
  public static FirstLibraryClassTrigger of(
      GenAiWatchConfig config,
      Supplier<ClassFileTransformer> installation,
      Supplier<ClassFileTransformer> hookInstallation) {
    LibraryPackages packages = LibraryPackages.enabledBy(config);
    return packages.isEmpty()
        ? null
        : new FirstLibraryClassTrigger(
            packages, installation, hookInstallation, Duration.ofSeconds(MAX_WAIT_SECONDS));
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
    if (delegate != null && !packages.mayConcern(className, loader, classfileBuffer)) {
      return null;
    }
    if (delegate == null) {
      delegate = whileBuilding(className, loader, classfileBuffer);
      if (delegate == null) {
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

  /**
   * Before the transformer exists: starts its build on the first class that concerns a module, and
   * returns it (after waiting for it) only for a class it may transform; null for a class that goes
   * on untransformed.
   */
  private ClassFileTransformer whileBuilding(
      String className, ClassLoader loader, byte[] classfileBuffer) {
    // Outside the lock: the check may ask the class loader for a resource.
    if (builder == null && !packages.concerns(className, classfileBuffer, loader)) {
      return null;
    }
    Thread building;
    synchronized (this) {
      if (installed != null) {
        return installed;
      }
      building = builder;
      if (building == null) {
        building = startBuild(className);
        if (building == null) {
          // Built on this thread (no thread could be started).
          return installed;
        }
      }
    }
    if (Thread.currentThread() == building) {
      // ByteBuddy's own classes, and the modules', while the transformer is built.
      return null;
    }
    if (!packages.mayConcern(className, loader, classfileBuffer)) {
      return null;
    }
    return awaitBuilt(className);
  }

  /** Guarded by this. Null when the build ran on the calling thread. */
  private Thread startBuild(String firstClass) {
    Thread thread = new Thread(() -> build(firstClass), BUILDER_THREAD);
    thread.setDaemon(true);
    builder = thread;
    try {
      thread.start();
      return thread;
    } catch (Throwable t) {
      builder = Thread.currentThread();
      build(firstClass);
      return null;
    }
  }

  private void build(String firstClass) {
    long t0 = System.nanoTime();
    ClassFileTransformer built = NONE;
    try {
      ClassFileTransformer library = installation.get();
      if (library != null) {
        built = library;
      }
      GenAiWatchLog.debug(
          "class transformer built in "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms on "
              + Thread.currentThread().getName()
              + ", from the first instrumented library class ("
              + firstClass.replace('/', '.')
              + ")");
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "could not install the class transformer; nothing is instrumented, the application"
              + " continues: "
              + t);
      GenAiWatchLog.debug("class transformer failure", t);
    } finally {
      synchronized (this) {
        installed = built;
        notifyAll();
      }
    }
  }

  private ClassFileTransformer awaitBuilt(String className) {
    long deadline = System.nanoTime() + maxWaitNanos;
    boolean interrupted = false;
    try {
      synchronized (this) {
        while (installed == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            GenAiWatchLog.warn(
                "the class transformer was not built within "
                    + TimeUnit.NANOSECONDS.toSeconds(maxWaitNanos)
                    + " s; "
                    + className.replace('/', '.')
                    + " is loaded uninstrumented");
            return null;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            // Class loading is not interruptible; the flag is given back once the wait is over.
            interrupted = true;
          }
        }
        return installed;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
