package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.instrumentation.springai.SpringAiInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring AI module's version check, against the real spring-ai-model jars and an older
 * look-alike.
 */
class SpringAiLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new SpringAiInstrumentationModule());

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    assertRecognisedWithoutLoading(support, springAiJars(), "org.springframework.ai.");
  }

  @Test
  void olderVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir)
      throws Exception {
    // A spring-ai-model whose ChatModel is there but whose usage has no native usage, like the 0.8
    // milestones.
    URL jar =
        jarWith(
            dir,
            "spring-ai-core-0.8.jar",
            new ByteBuddy()
                .makeInterface()
                .name("org.springframework.ai.chat.model.ChatModel")
                .make());
    assertTurnedOffWithOneLine(support, jar, "spring-ai")
        .contains("org.springframework.ai.chat.metadata.Usage#getNativeUsage(0 args)");
  }

  static URL[] springAiJars() throws Exception {
    return requiredClassPathJars(
        "spring-ai-model",
        entry ->
            entry.contains("spring-ai")
                || entry.contains("reactor-core")
                || entry.contains("reactive-streams"));
  }
}
