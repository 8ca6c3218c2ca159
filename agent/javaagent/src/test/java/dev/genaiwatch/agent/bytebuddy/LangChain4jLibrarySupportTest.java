package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LangChain4j module's version check, against the real 1.x jars and against a pre-1.0
 * look-alike.
 */
class LangChain4jLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new LangChain4jInstrumentationModule());

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    assertRecognisedWithoutLoading(support, langchain4jJars(), "dev.langchain4j.");
  }

  @Test
  void preOneZeroVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir)
      throws Exception {
    // 0.x had AiMessage but no ChatModel/doChat: what such a release looks like to the check.
    URL jar =
        jarWith(
            dir,
            "langchain4j-core-0.x.jar",
            new ByteBuddy()
                .subclass(Object.class)
                .name("dev.langchain4j.data.message.AiMessage")
                .make());
    assertTurnedOffWithOneLine(support, jar, "langchain4j")
        .contains("dev.langchain4j.model.chat.ChatModel#doChat(1 args)");
  }

  static URL[] langchain4jJars() throws Exception {
    return requiredClassPathJars("langchain4j", entry -> entry.contains("langchain4j"));
  }
}
