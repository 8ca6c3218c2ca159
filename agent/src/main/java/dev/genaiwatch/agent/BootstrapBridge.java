package dev.genaiwatch.agent;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientWire;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts {@code dev.genaiwatch.bootstrap.WireBridge} on the bootstrap class path, so advice inlined into JDK
 * classes of the platform class loader (java.net.http) can reach the agent, and lets {@code java.net.http}
 * read it (a named module reads no unnamed module by default). Must run before anything loads the bridge
 * through the agent's own class loader. If it fails, only the JDK HttpClient instrumentation is lost.
 */
final class BootstrapBridge {
  private static final String[] CLASSES = {"dev/genaiwatch/bootstrap/WireBridge.class"};

  private BootstrapBridge() {}

  static void install(Instrumentation instrumentation, GenAiWatchConfig config) {
    if (!config.instrumentationEnabled(JdkHttpClientInstrumentationModule.NAME)) {
      return;
    }
    try {
      Path jar = Files.createTempFile("genai-watch-bootstrap", ".jar");
      jar.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
        for (String name : CLASSES) {
          try (InputStream in = BootstrapBridge.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
              throw new IllegalStateException(name + " missing from the agent jar");
            }
            jarOut.putNextEntry(new ZipEntry(name));
            in.transferTo(jarOut);
            jarOut.closeEntry();
          }
        }
      }
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
      Class<?> bridge = Class.forName("dev.genaiwatch.bootstrap.WireBridge", false, null);
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
}
