package dev.genaiwatch.agent;

import dev.genaiwatch.agent.weaving.MethodHookTransformer;
import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Defines the {@link InstrumentationModule#bootstrapClassNames() bootstrap classes} of the enabled
 * modules in the bootstrap class loader, so hooks woven into JDK classes of the platform class
 * loader (java.net.http) can reach the agent, and lets the JDK modules that need them read them (a
 * named module reads no unnamed module by default). The classes are defined directly, through the
 * JDK's internal {@code Unsafe.defineClass} opened to the agent with {@link
 * Instrumentation#redefineModule}: appending a jar to the bootstrap class path instead would make
 * the JVM print a class-data-sharing warning on every start. Must run before anything loads those
 * classes through the agent's own class loader. If it fails, only that module is lost.
 */
final class BootstrapBridge {
  private BootstrapBridge() {}

  static void install(
      Instrumentation instrumentation, GenAiWatchConfig config, ClassLoader agentLoader) {
    // Only method-hook modules weave JDK classes.
    MethodHookTransformer.modules(agentLoader).stream()
        .filter(
            module ->
                !module.bootstrapClassNames().isEmpty()
                    && config.instrumentationEnabled(module.name()))
        .forEach(module -> install(instrumentation, module));
  }

  private static void install(Instrumentation instrumentation, InstrumentationModule module) {
    try {
      for (String className : module.bootstrapClassNames()) {
        Class<?> defined = defineInBootLoader(instrumentation, className);
        for (String moduleName : module.modulesReadingBootstrapClasses()) {
          Optional<Module> reader = ModuleLayer.boot().findModule(moduleName);
          if (reader.isPresent()) {
            instrumentation.redefineModule(
                reader.get(), Set.of(defined.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
          }
        }
      }
      module.bootstrapClassesReady();
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "instrumentation "
              + module.name()
              + " is off: could not set up the bootstrap bridge: "
              + t);
    }
  }

  private static Class<?> defineInBootLoader(Instrumentation instrumentation, String className)
      throws Exception {
    try {
      return Class.forName(className, false, null);
    } catch (ClassNotFoundException notYet) {
      // Defined below.
    }
    byte[] bytes;
    try (InputStream in =
        BootstrapBridge.class
            .getClassLoader()
            .getResourceAsStream(className.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IllegalStateException(className + " missing from the agent jar");
      }
      bytes = in.readAllBytes();
    }
    Module base = Object.class.getModule();
    instrumentation.redefineModule(
        base,
        Set.of(),
        Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
        Map.of(),
        Set.of(),
        Map.of());
    Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
    Method define =
        unsafeClass.getMethod(
            "defineClass",
            String.class,
            byte[].class,
            int.class,
            int.class,
            ClassLoader.class,
            ProtectionDomain.class);
    return (Class<?>) define.invoke(unsafe, className, bytes, 0, bytes.length, null, null);
  }
}
