package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.springai.SpringAiInstrumentationModule;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spring AI module's version check, against the real spring-ai-model jars and an older look-alike. */
class SpringAiLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new SpringAiInstrumentationModule());

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    try (LibrarySupportTest.RecordingClassLoader loader = new LibrarySupportTest.RecordingClassLoader(springAiJars())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("org.springframework.ai."));
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void olderVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
    // A spring-ai-model whose ChatModel is there but whose usage has no native usage, like the 0.8 milestones.
    URL jar = jarWith(dir, "spring-ai-core-0.8.jar",
        new ByteBuddy().makeInterface().name("org.springframework.ai.chat.model.ChatModel").make());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    assertThat(stderr().lines().toList()).singleElement().asString()
        .startsWith("[genai-watch] WARN instrumentation spring-ai is off")
        .contains("org.springframework.ai.chat.metadata.Usage#getNativeUsage(0 args)");
  }

  static URL[] springAiJars() throws Exception {
    List<URL> urls = classPathJars(entry -> entry.contains("spring-ai") || entry.contains("reactor-core")
        || entry.contains("reactive-streams"));
    assertThat(urls).as("spring-ai-model on the test class path").isNotEmpty();
    return urls.toArray(new URL[0]);
  }
}
