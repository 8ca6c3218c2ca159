package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import dev.genaiwatch.instrumentation.openai.OpenAiJavaInstrumentationModule;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * What every module's check does whatever the library: nothing where it is absent, nothing for the
 * bootstrap class loader. Each library's versions: {@link SupportedLibraryVersionsTest}.
 */
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

  /**
   * The openai-java jars of this test's class path: the SDK exactly as the application would have
   * it.
   */
  static URL[] sdkClassPath() throws Exception {
    return requiredClassPathJars(
        "openai-java (" + ChatCompletion.class + ")", entry -> entry.contains("openai-java"));
  }
}
