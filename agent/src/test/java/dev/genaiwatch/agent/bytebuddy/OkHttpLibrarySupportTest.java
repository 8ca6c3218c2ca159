package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OkHttp module's version check, against the real OkHttp 5 jars and against a 3.x look-alike. */
class OkHttpLibrarySupportTest {
  final LibrarySupport support = new LibrarySupport(new OkHttpInstrumentationModule());
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  @Test
  void okHttp5IsRecognisedWithoutLoadingAnyOkHttpClass() throws Exception {
    try (LibrarySupportTest.RecordingClassLoader loader = new LibrarySupportTest.RecordingClassLoader(okHttpJars())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("okhttp3.") || name.startsWith("okio."));
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void javaOkHttp3TurnsTheModuleOffWithOneLine(@TempDir Path dir) throws Exception {
    // OkHttp 3.x has OkHttpClient but not the Kotlin API (HttpUrl.Companion) the check requires.
    byte[] client = new ByteBuddy().subclass(Object.class).name("okhttp3.OkHttpClient").make().getBytes();
    Path jar = dir.resolve("okhttp-3.x.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("okhttp3/OkHttpClient.class"));
      out.write(client);
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
        .startsWith("[genai-watch] WARN instrumentation okhttp is off")
        .contains("okhttp3.HttpUrl$Companion#get(1 args)");
  }

  static URL[] okHttpJars() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("okhttp-jvm-") || name.startsWith("okio-jvm-")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(urls).hasSize(2);
    return urls.toArray(URL[]::new);
  }
}
