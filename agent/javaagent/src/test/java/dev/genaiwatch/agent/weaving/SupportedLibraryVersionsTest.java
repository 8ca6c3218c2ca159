package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.instrumentation.anthropic.AnthropicJavaInstrumentationModule;
import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.google.GoogleGenAiInstrumentationModule;
import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import dev.genaiwatch.instrumentation.openai.OpenAiJavaInstrumentationModule;
import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import dev.genaiwatch.instrumentation.springai.SpringAiInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.DynamicType;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every module's version check, against the real jars the agent is built and tested with and
 * against a look-alike of the last unsupported release: a jar holding one type the check finds, so
 * the library is there but the API the check names first is not.
 */
class SupportedLibraryVersionsTest extends LibraryVersionCheckTestBase {

  /**
   * One library: its module, its jars on the test class path, the packages none of whose classes
   * the check may load, the unsupported look-alike, and what the one WARN line must name.
   */
  record Library(
      String module,
      InstrumentationModule instrumentation,
      ClassPathJars jars,
      List<String> packages,
      String lookAlikeJar,
      DynamicType.Unloaded<?> lookAlike,
      List<String> warning) {}

  /**
   * The test class path entries {@code entry} accepts (it is given the whole path): exactly {@code
   * count} of them, or at least one when {@code count} is 0.
   */
  record ClassPathJars(String what, Predicate<String> entry, int count) {
    URL[] find() throws Exception {
      if (count == 0) {
        return requiredClassPathJars(what, entry);
      }
      List<URL> urls = classPathJars(entry);
      assertThat(urls).as(what + " on the test class path").hasSize(count);
      return urls.toArray(URL[]::new);
    }

    static ClassPathJars containing(String... fragments) {
      return new ClassPathJars(
          String.join(", ", fragments),
          entry -> Arrays.stream(fragments).anyMatch(entry::contains),
          0);
    }

    static ClassPathJars named(int count, String... prefixes) {
      return new ClassPathJars(
          String.join(", ", prefixes),
          entry -> {
            String name = Path.of(entry).getFileName().toString();
            return Arrays.stream(prefixes).anyMatch(name::startsWith);
          },
          count);
    }
  }

  static Stream<Named<Library>> libraries() {
    return Stream.of(
            new Library(
                "openai-java",
                new OpenAiJavaInstrumentationModule(),
                ClassPathJars.containing("openai-java"),
                List.of("com.openai."),
                // A "library" whose ClientOptions lacks baseUrl(): an incompatible release.
                "openai-java-incompatible.jar",
                emptyClass("com.openai.core.ClientOptions"),
                List.of(
                    "unsupported library version",
                    "com.openai.core.ClientOptions#baseUrl(0 args)",
                    "com.openai.services.blocking.chat.ChatCompletionServiceImpl#createStreaming(2"
                        + " args)")),
            new Library(
                "anthropic-java",
                new AnthropicJavaInstrumentationModule(),
                ClassPathJars.named(1, "anthropic-java-core-"),
                List.of("com.anthropic."),
                // 2.x has ClientOptions but neither its OpenTelemetry provider name nor the SDK's
                // own tracing.
                "anthropic-java-core-2.x.jar",
                emptyClass("com.anthropic.core.ClientOptions"),
                List.of(
                    "com.anthropic:anthropic-java 3.0.0 to 3.16.0",
                    "com.anthropic.core.ClientOptions#openTelemetryProviderName(0 args)",
                    "com.anthropic.core.opentelemetry.TraceApiCall#tracer(1 args)")),
            new Library(
                "google-genai",
                new GoogleGenAiInstrumentationModule(),
                ClassPathJars.named(0, "google-genai-"),
                List.of("com.google.genai."),
                // A release whose models service has no per-request methods.
                "google-genai-old.jar",
                emptyClass("com.google.genai.Models"),
                List.of(
                    "com.google.genai:google-genai 1.61.0 to 2.3.0",
                    "com.google.genai.Models#privateGenerateContent(3 args)",
                    "com.google.genai.ApiClient#buildRequest(4 args)")),
            new Library(
                "langchain4j",
                new LangChain4jInstrumentationModule(),
                ClassPathJars.containing("langchain4j"),
                List.of("dev.langchain4j."),
                // 0.x had AiMessage but no ChatModel/doChat.
                "langchain4j-core-0.x.jar",
                emptyClass("dev.langchain4j.data.message.AiMessage"),
                List.of("dev.langchain4j.model.chat.ChatModel#doChat(1 args)")),
            new Library(
                "spring-ai",
                new SpringAiInstrumentationModule(),
                ClassPathJars.containing("spring-ai", "reactor-core", "reactive-streams"),
                List.of("org.springframework.ai."),
                // A spring-ai-model whose ChatModel is there but whose usage has no native usage,
                // like the 0.8 milestones.
                "spring-ai-core-0.8.jar",
                new ByteBuddy()
                    .makeInterface()
                    .name("org.springframework.ai.chat.model.ChatModel")
                    .make(),
                List.of("org.springframework.ai.chat.metadata.Usage#getNativeUsage(0 args)")),
            new Library(
                "okhttp",
                new OkHttpInstrumentationModule(),
                ClassPathJars.named(2, "okhttp-jvm-", "okio-jvm-"),
                List.of("okhttp3.", "okio."),
                // OkHttp 3.x has OkHttpClient but not the Kotlin API (HttpUrl.Companion).
                "okhttp-3.x.jar",
                emptyClass("okhttp3.OkHttpClient"),
                List.of("okhttp3.HttpUrl$Companion#get(1 args)")),
            new Library(
                "reactor-netty",
                new ReactorNettyInstrumentationModule(),
                ClassPathJars.containing("reactor-", "netty-", "reactive-streams"),
                List.of("reactor.", "io.netty."),
                // Reactor Netty 1.1 lacks proxyWhen.
                "old.jar",
                emptyClass("reactor.netty.http.client.HttpClient"),
                List.of("reactor.netty.http.client.HttpClient#proxyWhen(1 args)")),
            new Library(
                "apache-httpclient5",
                new ApacheHttpClientInstrumentationModule(),
                ClassPathJars.containing("httpclient5", "httpcore5"),
                List.of("org.apache.hc."),
                // HttpClient 5.3 lacks EndpointInfo.
                "old.jar",
                emptyClass("org.apache.hc.client5.http.impl.classic.HttpClientBuilder"),
                List.of("org.apache.hc.client5.http.EndpointInfo#getProtocol(0 args)")))
        .map(library -> Named.of(library.module(), library));
  }

  @ParameterizedTest
  @MethodSource("libraries")
  void theSupportedVersionIsRecognisedWithoutLoadingAnyLibraryClass(Library library)
      throws Exception {
    assertRecognisedWithoutLoading(
        new LibrarySupport(library.instrumentation()),
        library.jars().find(),
        library.packages().toArray(String[]::new));
  }

  @ParameterizedTest
  @MethodSource("libraries")
  void anUnsupportedVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(
      Library library, @TempDir Path dir) throws Exception {
    URL jar = jarWith(dir, library.lookAlikeJar(), library.lookAlike());
    assertTurnedOffWithOneLine(new LibrarySupport(library.instrumentation()), jar, library.module())
        .contains(library.warning());
  }

  /** An empty class of that name: the library is there, its newer API is not. */
  private static DynamicType.Unloaded<?> emptyClass(String className) {
    return new ByteBuddy().subclass(Object.class).name(className).make();
  }
}
