package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.instrumentation.openai.OpenAiJavaInstrumentationModule;
import dev.genaiwatch.instrumentation.openai.OpenAiResponsesInstrumentationModule;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Responses API is a module of its own: an SDK without it (here the real SDK with the Responses
 * services hidden, what an older or repackaged SDK looks like to the check) switches off only that
 * part, with one log line, while chat completions, completions and embeddings stay on.
 */
class ResponsesApiSupportTest extends LibraryVersionCheckTestBase {
  /** The SDK's jars with every {@code com/openai/services/.../Response*} class file hidden. */
  static final class WithoutResponsesApi extends URLClassLoader {
    WithoutResponsesApi(URL[] urls) {
      super(urls, null);
    }

    @Override
    public URL getResource(String name) {
      return hidden(name) ? null : super.getResource(name);
    }

    @Override
    public URL findResource(String name) {
      return hidden(name) ? null : super.findResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      return hidden(name) ? null : super.getResourceAsStream(name);
    }

    private static boolean hidden(String name) {
      return name.startsWith("com/openai/services/")
          && name.substring(name.lastIndexOf('/') + 1).startsWith("ResponseService");
    }
  }

  @Test
  void theSdkAsShippedSupportsBothModulesSilently() throws Exception {
    try (URLClassLoader sdk = new URLClassLoader(LibrarySupportTest.sdkClassPath(), null)) {
      assertThat(new LibrarySupport(new OpenAiResponsesInstrumentationModule()).supports(sdk))
          .isTrue();
      assertThat(new LibrarySupport(new OpenAiJavaInstrumentationModule()).supports(sdk)).isTrue();
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void anSdkWithoutTheResponsesApiSwitchesOffOnlyThatPartWithOneLine() throws Exception {
    LibrarySupport responses = new LibrarySupport(new OpenAiResponsesInstrumentationModule());
    LibrarySupport chat = new LibrarySupport(new OpenAiJavaInstrumentationModule());
    try (WithoutResponsesApi sdk = new WithoutResponsesApi(LibrarySupportTest.sdkClassPath())) {
      assertThat(responses.supports(sdk)).isFalse();
      assertThat(responses.supports(sdk)).isFalse();
      assertThat(chat.supports(sdk)).isTrue();
    }
    List<String> lines = stderr().lines().toList();
    assertThat(lines)
        .singleElement()
        .asString()
        .startsWith("[genai-watch] WARN instrumentation openai-java is off")
        .contains("the Responses API")
        .contains("com.openai.services.blocking.ResponseServiceImpl#createStreaming(2 args)");
  }
}
