package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OkHttp module's version check, against the real OkHttp 5 jars and against a 3.x look-alike.
 */
class OkHttpLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new OkHttpInstrumentationModule());

  @Test
  void okHttp5IsRecognisedWithoutLoadingAnyOkHttpClass() throws Exception {
    assertRecognisedWithoutLoading(support, okHttpJars(), "okhttp3.", "okio.");
  }

  @Test
  void javaOkHttp3TurnsTheModuleOffWithOneLine(@TempDir Path dir) throws Exception {
    // OkHttp 3.x has OkHttpClient but not the Kotlin API (HttpUrl.Companion) the check requires.
    URL jar =
        jarWith(
            dir,
            "okhttp-3.x.jar",
            new ByteBuddy().subclass(Object.class).name("okhttp3.OkHttpClient").make());
    assertTurnedOffWithOneLine(support, jar, "okhttp")
        .contains("okhttp3.HttpUrl$Companion#get(1 args)");
  }

  static URL[] okHttpJars() throws Exception {
    List<URL> urls =
        classPathJars(
            entry -> {
              String name = Path.of(entry).getFileName().toString();
              return name.startsWith("okhttp-jvm-") || name.startsWith("okio-jvm-");
            });
    assertThat(urls).hasSize(2);
    return urls.toArray(URL[]::new);
  }
}
