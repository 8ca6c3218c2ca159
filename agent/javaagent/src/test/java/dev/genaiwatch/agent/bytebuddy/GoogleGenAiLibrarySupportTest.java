package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.instrumentation.google.GoogleGenAiInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google Gen AI module's version check, against the real SDK jar and against a look-alike of a
 * release whose models service has no per-request methods.
 */
class GoogleGenAiLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new GoogleGenAiInstrumentationModule());

  @Test
  void theSdkIsRecognisedWithoutLoadingAnyOfItsClasses() throws Exception {
    assertRecognisedWithoutLoading(
        support,
        requiredClassPathJars(
            "google-genai",
            entry -> Path.of(entry).getFileName().toString().startsWith("google-genai-")),
        "com.google.genai.");
  }

  @Test
  void aReleaseWithoutThePerRequestMethodsTurnsTheModuleOffWithOneLine(@TempDir Path dir)
      throws Exception {
    URL jar =
        jarWith(
            dir,
            "google-genai-old.jar",
            new ByteBuddy().subclass(Object.class).name("com.google.genai.Models").make());
    assertTurnedOffWithOneLine(support, jar, "google-genai")
        .contains("com.google.genai:google-genai 1.61.0 to 2.3.0")
        .contains("com.google.genai.Models#privateGenerateContent(3 args)")
        .contains("com.google.genai.ApiClient#buildRequest(4 args)");
  }
}
