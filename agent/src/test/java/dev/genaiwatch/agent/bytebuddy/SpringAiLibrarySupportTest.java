package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.springai.SpringAiInstrumentationModule;
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

/** The Spring AI module's version check, against the real spring-ai-model jars and an older look-alike. */
class SpringAiLibrarySupportTest {
  final LibrarySupport support = new LibrarySupport(new SpringAiInstrumentationModule());
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
    try (LibrarySupportTest.RecordingClassLoader loader = new LibrarySupportTest.RecordingClassLoader(springAiJars())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("org.springframework.ai."));
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void olderVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
    // A spring-ai-model whose ChatModel is there but whose usage has no native usage, like the 0.8 milestones.
    byte[] chatModel = new ByteBuddy().makeInterface().name("org.springframework.ai.chat.model.ChatModel").make().getBytes();
    Path jar = dir.resolve("spring-ai-core-0.8.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("org/springframework/ai/chat/model/ChatModel.class"));
      out.write(chatModel);
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
        .startsWith("[genai-watch] WARN instrumentation spring-ai is off")
        .contains("org.springframework.ai.chat.metadata.Usage#getNativeUsage(0 args)");
  }

  static URL[] springAiJars() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("spring-ai") || entry.contains("reactor-core") || entry.contains("reactive-streams")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(urls).as("spring-ai-model on the test class path").isNotEmpty();
    return urls.toArray(new URL[0]);
  }
}
