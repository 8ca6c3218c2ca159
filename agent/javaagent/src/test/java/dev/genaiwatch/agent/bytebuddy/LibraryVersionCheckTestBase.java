package dev.genaiwatch.agent.bytebuddy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.dynamic.DynamicType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What each library's version-check test needs: the agent's one-line log captured from stderr, the library's
 * real jars from the test class path, and a jar holding one look-alike type of an unsupported release.
 */
abstract class LibraryVersionCheckTestBase {
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  /** The test class path entries that {@code entry} accepts (it is given the whole path). */
  static List<URL> classPathJars(Predicate<String> entry) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.test(path)) {
        urls.add(Path.of(path).toUri().toURL());
      }
    }
    return urls;
  }

  /** A jar named {@code jarName} in {@code dir} holding {@code type}'s class file alone. */
  static URL jarWith(Path dir, String jarName, DynamicType.Unloaded<?> type) throws Exception {
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(type.getTypeDescription().getInternalName() + ".class"));
      out.write(type.getBytes());
      out.closeEntry();
    }
    return jar.toUri().toURL();
  }
}
