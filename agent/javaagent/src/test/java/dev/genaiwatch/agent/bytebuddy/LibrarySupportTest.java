package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import dev.genaiwatch.instrumentation.openai.OpenAiJavaInstrumentationModule;
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

class LibrarySupportTest {
  final LibrarySupport support = new LibrarySupport(new OpenAiJavaInstrumentationModule());
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
  void classLoaderWithoutTheLibraryIsNotInstrumentedAndNothingIsLogged() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(support.supports(empty)).isFalse();
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void bootstrapClassLoaderIsNeverInstrumented() {
    assertThat(support.supports(null)).isFalse();
  }

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    try (RecordingClassLoader loader = new RecordingClassLoader(sdkClassPath())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("com.openai."));
    }
  }

  @Test
  void unsupportedVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
    // A "library" whose ClientOptions lacks baseUrl(): what an incompatible release looks like to the check.
    byte[] clientOptions = new ByteBuddy().subclass(Object.class).name("com.openai.core.ClientOptions").make().getBytes();
    Path jar = dir.resolve("openai-java-incompatible.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("com/openai/core/ClientOptions.class"));
      out.write(clientOptions);
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    List<String> lines = stderr.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).singleElement().asString()
        .startsWith("[genai-watch] WARN instrumentation openai-java is off")
        .contains("unsupported library version")
        .contains("com.openai.core.ClientOptions#baseUrl(0 args)")
        .contains("com.openai.services.blocking.chat.ChatCompletionServiceImpl#createStreaming(2 args)");
  }

  /** The openai-java jars of this test's class path: the SDK exactly as the application would have it. */
  static URL[] sdkClassPath() {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("openai-java")) {
        try {
          urls.add(Path.of(entry).toUri().toURL());
        } catch (java.net.MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertThat(urls).as("openai-java on the test class path (" + ChatCompletion.class + ")").isNotEmpty();
    return urls.toArray(new URL[0]);
  }

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
