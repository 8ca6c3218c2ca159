package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.dynamic.DynamicType;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What each library's version-check test needs: the agent's one-line log captured from stderr, the
 * library's real jars from the test class path, and a jar holding one look-alike type of an
 * unsupported release.
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

  /**
   * {@code support} recognises the library in {@code jars} without loading any class of the
   * packages {@code prefixes} name, and says nothing.
   */
  void assertRecognisedWithoutLoading(LibrarySupport support, URL[] jars, String... prefixes)
      throws Exception {
    try (RecordingClassLoader loader = new RecordingClassLoader(jars)) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded)
          .noneMatch(name -> Arrays.stream(prefixes).anyMatch(name::startsWith));
    }
    assertThat(stderr()).isEmpty();
  }

  /**
   * Asked twice about a class loader holding only {@code jar}, {@code support} says no both times
   * and logs one WARN line that turns {@code module} off; returns that line, for what it must name
   * as missing.
   */
  AbstractStringAssert<?> assertTurnedOffWithOneLine(LibrarySupport support, URL jar, String module)
      throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    return assertThat(stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("[genai-watch] WARN instrumentation " + module + " is off");
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

  /** The jars on the test class path that {@code entry} accepts, which must be there. */
  static URL[] requiredClassPathJars(String what, Predicate<String> entry) throws Exception {
    List<URL> urls = classPathJars(entry);
    assertThat(urls).as(what + " on the test class path").isNotEmpty();
    return urls.toArray(new URL[0]);
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

  /** Remembers the name of every class it was asked to load. */
  static final class RecordingClassLoader extends URLClassLoader {
    final List<String> loaded = new ArrayList<>();

    RecordingClassLoader(URL[] urls) {
      super(urls, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      loaded.add(name);
      return super.loadClass(name, resolve);
    }
  }
}
