package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
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

/** The LangChain4j module's version check, against the real 1.x jars and against a pre-1.0 look-alike. */
class LangChain4jLibrarySupportTest {
  final LibrarySupport support = new LibrarySupport(new LangChain4jInstrumentationModule());
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
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    try (LibrarySupportTest.RecordingClassLoader loader = new LibrarySupportTest.RecordingClassLoader(langchain4jJars())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("dev.langchain4j."));
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void preOneZeroVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
    // 0.x had AiMessage but no ChatModel/doChat: what such a release looks like to the check.
    byte[] aiMessage = new ByteBuddy().subclass(Object.class).name("dev.langchain4j.data.message.AiMessage").make().getBytes();
    Path jar = dir.resolve("langchain4j-core-0.x.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("dev/langchain4j/data/message/AiMessage.class"));
      out.write(aiMessage);
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
        .startsWith("[genai-watch] WARN instrumentation langchain4j is off")
        .contains("dev.langchain4j.model.chat.ChatModel#doChat(1 args)");
  }

  static URL[] langchain4jJars() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("langchain4j")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(urls).as("langchain4j on the test class path").isNotEmpty();
    return urls.toArray(new URL[0]);
  }
}
