package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import dev.genaiwatch.instrumentation.openai.OpenAiJavaInstrumentationModule;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new OpenAiJavaInstrumentationModule());

  @Test
  void classLoaderWithoutTheLibraryIsNotInstrumentedAndNothingIsLogged() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(support.supports(empty)).isFalse();
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void bootstrapClassLoaderIsNeverInstrumented() {
    assertThat(support.supports(null)).isFalse();
  }

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    assertRecognisedWithoutLoading(support, sdkClassPath(), "com.openai.");
  }

  @Test
  void unsupportedVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir)
      throws Exception {
    // A "library" whose ClientOptions lacks baseUrl(): what an incompatible release looks like to
    // the check.
    URL jar =
        jarWith(
            dir,
            "openai-java-incompatible.jar",
            new ByteBuddy().subclass(Object.class).name("com.openai.core.ClientOptions").make());
    assertTurnedOffWithOneLine(support, jar, "openai-java")
        .contains("unsupported library version")
        .contains("com.openai.core.ClientOptions#baseUrl(0 args)")
        .contains(
            "com.openai.services.blocking.chat.ChatCompletionServiceImpl#createStreaming(2 args)");
  }

  /**
   * The openai-java jars of this test's class path: the SDK exactly as the application would have
   * it.
   */
  static URL[] sdkClassPath() throws Exception {
    return requiredClassPathJars(
        "openai-java (" + ChatCompletion.class + ")", entry -> entry.contains("openai-java"));
  }
}
