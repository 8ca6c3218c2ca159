package dev.genaiwatch.agent.weaving;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.GenAiWatchLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Defines a module's helper classes (those that reference library types) in the class loader of the
 * type about to be transformed, before its first transformation there.
 *
 * <p>Why: the agent jar sits on the system class loader, which cannot see a library loaded by a
 * child class loader (a Spring Boot fat jar's {@code LaunchedClassLoader}, a servlet container's
 * web-app loader), so a helper loaded from the agent jar would fail to link against {@code
 * com.openai.*}. A copy defined in the child wins over the agent's because {@code
 * ClassLoader.loadClass} consults {@code findLoadedClass} before delegating to the parent. Core
 * classes ({@code GenAiInstrumenter}, the relocated OpenTelemetry SDK) are not injected: the
 * helpers reach them by ordinary parent delegation, so there is one instrumenter per JVM.
 *
 * <p>How: {@code ClassLoader.defineClass} through reflection, after {@link
 * Instrumentation#redefineModule} opened {@code java.lang} to the agent. This avoids {@code
 * sun.misc.Unsafe} (deprecated, and warned about on JDK 24+).
 */
public final class HelperInjector {
  private static volatile Method defineClass;
  private static volatile Method findLoadedClass;
  // Guarded by the class.
  private static boolean prepareAttempted;

  private final String moduleName;
  private final Supplier<List<String>> helperClassNamesSource;
  private volatile List<String> helperClassNames;
  private final ClassLoader agentLoader;
  // Class loader -> whether the helpers were defined there; guarded by itself; weak keys.
  private final Map<ClassLoader, Boolean> injected = new WeakHashMap<>();
  private volatile Map<String, byte[]> helperBytes;

  /**
   * {@code helperClassNames} is asked when the module first matches a class: listing them reads the
   * agent jar's directory, which premain need not do for libraries the application never loads.
   */
  public HelperInjector(
      String moduleName, Supplier<List<String>> helperClassNames, ClassLoader agentLoader) {
    this.moduleName = moduleName;
    this.helperClassNamesSource = helperClassNames;
    this.agentLoader = agentLoader;
  }

  private List<String> helperClassNames() {
    List<String> names = helperClassNames;
    if (names == null) {
      names = List.copyOf(helperClassNamesSource.get());
      helperClassNames = names;
    }
    return names;
  }

  /**
   * Opens {@code java.lang} to the agent so that {@code defineClass} may be called; once. When that
   * is refused no helper is injected ({@link #usableIn}).
   */
  public static synchronized void prepare(Instrumentation instrumentation) {
    if (prepareAttempted) {
      return;
    }
    prepareAttempted = true;
    try {
      Module agentModule = HelperInjector.class.getModule();
      Module javaBase = ClassLoader.class.getModule();
      if (!javaBase.isOpen("java.lang", agentModule)) {
        instrumentation.redefineModule(
            javaBase,
            Set.of(),
            Map.of(),
            Map.of("java.lang", Set.of(agentModule)),
            Set.of(),
            Map.of());
      }
      Method define =
          ClassLoader.class.getDeclaredMethod(
              "defineClass",
              String.class,
              byte[].class,
              int.class,
              int.class,
              ProtectionDomain.class);
      define.setAccessible(true);
      Method find = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
      find.setAccessible(true);
      defineClass = define;
      findLoadedClass = find;
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "cannot inject helper classes into application class loaders; libraries loaded by a "
              + "child class loader stay uninstrumented: "
              + t);
    }
  }

  /**
   * True when the helpers must be defined in {@code classLoader} rather than used from the agent
   * jar.
   */
  boolean needsInjection(ClassLoader classLoader) {
    return classLoader != null && classLoader != agentLoader && !helperClassNames().isEmpty();
  }

  /**
   * Whether helpers defined in {@code classLoader} would link: they reach the agent's core by
   * parent delegation, which a class loader that does not delegate to the agent's (another agent's
   * own, such as the upstream OpenTelemetry agent's, holding its exporter's OkHttp) does not give
   * them. A library there is left alone: its helpers would fail on their first call, and their own
   * error handling with them.
   */
  boolean canLink(ClassLoader classLoader) {
    if (!needsInjection(classLoader)) {
      return true;
    }
    try {
      return Class.forName(GenAiWatch.class.getName(), false, classLoader) == GenAiWatch.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether the module's code may go into a class of {@code classLoader}: its helpers are not
   * needed there, or they can be defined there ({@link #prepare} succeeded) and would link ({@link
   * #canLink}). The hook transformer asks this before anything else of a class loader.
   */
  public boolean usableIn(ClassLoader classLoader) {
    return !needsInjection(classLoader) || (defineClass != null && canLink(classLoader));
  }

  /**
   * Defines the helpers in {@code classLoader} unless they are there or need not be; false when
   * they could not be defined there (then nothing may be woven into its classes: the woven calls
   * would fail to link inside the application's own calls).
   */
  public boolean injectInto(ClassLoader classLoader) {
    if (!needsInjection(classLoader)) {
      return true;
    }
    // One injection per class loader; the lock also keeps two threads loading two instrumented
    // types of the same loader from defining a helper twice.
    synchronized (injected) {
      return injected.computeIfAbsent(classLoader, this::inject);
    }
  }

  private boolean inject(ClassLoader classLoader) {
    try {
      for (Map.Entry<String, byte[]> helper : helperBytes().entrySet()) {
        String name = helper.getKey();
        if (findLoadedClass.invoke(classLoader, name) == null) {
          byte[] bytes = helper.getValue();
          defineClass.invoke(classLoader, name, bytes, 0, bytes.length, null);
        }
      }
      GenAiWatchLog.debug(
          "injected "
              + helperClassNames().size()
              + " "
              + moduleName
              + " helper classes into "
              + classLoader);
      return true;
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "could not inject "
              + moduleName
              + " helper classes into "
              + classLoader
              + "; its classes stay uninstrumented: "
              + t);
      return false;
    }
  }

  private Map<String, byte[]> helperBytes() throws IOException {
    Map<String, byte[]> bytes = helperBytes;
    if (bytes == null) {
      bytes = new LinkedHashMap<>();
      for (String name : helperClassNames()) {
        try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new IOException("helper class " + name + " is not in the agent jar");
          }
          bytes.put(name, in.readAllBytes());
        }
      }
      helperBytes = bytes;
    }
    return bytes;
  }
}
