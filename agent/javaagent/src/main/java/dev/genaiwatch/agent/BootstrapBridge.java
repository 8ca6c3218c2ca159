package dev.genaiwatch.agent;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientWire;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Defines {@code dev.genaiwatch.bootstrap.WireBridge} in the bootstrap class loader, so advice inlined into JDK
 * classes of the platform class loader (java.net.http) can reach the agent, and lets {@code java.net.http}
 * read it (a named module reads no unnamed module by default). The class is defined directly, through the
 * JDK's internal {@code Unsafe.defineClass} opened to the agent with {@link Instrumentation#redefineModule}:
 * appending a jar to the bootstrap class path instead would make the JVM print a class-data-sharing warning
 * on every start. Must run before anything loads the bridge through the agent's own class loader. If it
 * fails, only the JDK HttpClient instrumentation is lost.
 */
final class BootstrapBridge {
  private static final String BRIDGE = "dev.genaiwatch.bootstrap.WireBridge";

  private BootstrapBridge() {}

  static void install(Instrumentation instrumentation, GenAiWatchConfig config) {
    if (!config.instrumentationEnabled(JdkHttpClientInstrumentationModule.NAME)) {
      return;
    }
    try {
      Class<?> bridge = defineInBootLoader(instrumentation);
      Optional<Module> http = ModuleLayer.boot().findModule("java.net.http");
      if (http.isPresent()) {
        instrumentation.redefineModule(http.get(), Set.of(bridge.getModule()), Map.of(), Map.of(), Set.of(),
            Map.of());
      }
      JdkHttpClientWire.installHooks();
    } catch (Throwable t) {
      GenAiWatchLog.warn("instrumentation " + JdkHttpClientInstrumentationModule.NAME
          + " is off: could not set up the bootstrap bridge: " + t);
    }
  }

  private static Class<?> defineInBootLoader(Instrumentation instrumentation) throws Exception {
    try {
      return Class.forName(BRIDGE, false, null);
    } catch (ClassNotFoundException notYet) {
      // Defined below.
    }
    byte[] bytes;
    try (InputStream in = BootstrapBridge.class.getClassLoader()
        .getResourceAsStream(BRIDGE.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IllegalStateException(BRIDGE + " missing from the agent jar");
      }
      bytes = in.readAllBytes();
    }
    Module base = Object.class.getModule();
    instrumentation.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
        Map.of(), Set.of(), Map.of());
    Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
    Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
        ClassLoader.class, ProtectionDomain.class);
    return (Class<?>) define.invoke(unsafe, BRIDGE, bytes, 0, bytes.length, null, null);
  }
}
