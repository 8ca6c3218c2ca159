package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LangChain4j module's version check, against the real 1.x jars and against a pre-1.0 look-alike. */
class LangChain4jLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new LangChain4jInstrumentationModule());

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    try (LibrarySupportTest.RecordingClassLoader loader = new LibrarySupportTest.RecordingClassLoader(langchain4jJars())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("dev.langchain4j."));
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void preOneZeroVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
    // 0.x had AiMessage but no ChatModel/doChat: what such a release looks like to the check.
    URL jar = jarWith(dir, "langchain4j-core-0.x.jar",
        new ByteBuddy().subclass(Object.class).name("dev.langchain4j.data.message.AiMessage").make());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    assertThat(stderr().lines().toList()).singleElement().asString()
        .startsWith("[genai-watch] WARN instrumentation langchain4j is off")
        .contains("dev.langchain4j.model.chat.ChatModel#doChat(1 args)");
  }

  static URL[] langchain4jJars() throws Exception {
    List<URL> urls = classPathJars(entry -> entry.contains("langchain4j"));
    assertThat(urls).as("langchain4j on the test class path").isNotEmpty();
    return urls.toArray(new URL[0]);
  }
}
