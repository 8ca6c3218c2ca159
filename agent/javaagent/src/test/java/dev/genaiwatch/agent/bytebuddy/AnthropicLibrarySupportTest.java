package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.anthropic.AnthropicJavaInstrumentationModule;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Anthropic module's version check, against the real 3.x SDK jar and against a 2.x look-alike.
 */
class AnthropicLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new AnthropicJavaInstrumentationModule());

  @Test
  void theThreeXSdkIsRecognisedWithoutLoadingAnyOfItsClasses() throws Exception {
    try (LibrarySupportTest.RecordingClassLoader loader =
        new LibrarySupportTest.RecordingClassLoader(sdkJars())) {
      assertThat(support.supports(loader)).isTrue();
      assertThat(loader.loaded).noneMatch(name -> name.startsWith("com.anthropic."));
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void aTwoXSdkTurnsTheModuleOffWithOneLine(@TempDir Path dir) throws Exception {
    // 2.x has ClientOptions but neither its OpenTelemetry provider name nor the SDK's own tracing.
    URL jar =
        jarWith(
            dir,
            "anthropic-java-core-2.x.jar",
            new ByteBuddy().subclass(Object.class).name("com.anthropic.core.ClientOptions").make());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, null)) {
      assertThat(support.supports(loader)).isFalse();
      assertThat(support.supports(loader)).isFalse();
    }
    assertThat(stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("[genai-watch] WARN instrumentation anthropic-java is off")
        .contains("com.anthropic:anthropic-java 3.0.0 to 3.16.0")
        .contains("com.anthropic.core.ClientOptions#openTelemetryProviderName(0 args)")
        .contains("com.anthropic.core.opentelemetry.TraceApiCall#tracer(1 args)");
  }

  static URL[] sdkJars() throws Exception {
    List<URL> urls =
        classPathJars(
            entry -> Path.of(entry).getFileName().toString().startsWith("anthropic-java-core-"));
    assertThat(urls).hasSize(1);
    return urls.toArray(URL[]::new);
  }
}
