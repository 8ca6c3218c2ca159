package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IgnoredTypesTest {
  @Test
  void theJdkAndAgentsAreIgnored() {
    assertThat(InstrumentationInstaller.ignoredByName("java.lang.String")).isTrue();
    assertThat(InstrumentationInstaller.ignoredByName("sun.nio.ch.SocketChannelImpl")).isTrue();
    assertThat(InstrumentationInstaller.ignoredByName("dev.genaiwatch.core.GenAiWatch")).isTrue();
    assertThat(InstrumentationInstaller.ignoredByName("datadog.trace.agent.Foo")).isTrue();
  }

  @Test
  void theJdkHttpClientIsIgnoredLikeTheRestOfTheJdkSinceMethodHooksWeaveIt() {
    assertThat(InstrumentationInstaller.ignoredByName("jdk.internal.net.http.HttpClientFacade"))
        .isTrue();
    assertThat(InstrumentationInstaller.ignoredByName("jdk.internal.misc.Unsafe")).isTrue();
  }

  @Test
  void applicationAndLibraryClassesAreConsidered() {
    assertThat(InstrumentationInstaller.ignoredByName("okhttp3.OkHttpClient")).isFalse();
    assertThat(InstrumentationInstaller.ignoredByName("com.openai.client.OpenAIClientImpl"))
        .isFalse();
    assertThat(InstrumentationInstaller.ignoredByName("com.example.shop.ChatService")).isFalse();
  }

  @Test
  void everyPackageOfTheAgentJarIsIgnored() {
    assertThat(InstrumentationInstaller.ignoredByName("dev.genaiwatch.agent.AgentStartup"))
        .isTrue();
    assertThat(InstrumentationInstaller.ignoredByName("dev.genaiwatch.bootstrap.Bridge")).isTrue();
    assertThat(
            InstrumentationInstaller.ignoredByName(
                "dev.genaiwatch.instrumentation.langchain4j.LangChain4jCalls"))
        .isTrue();
    assertThat(
            InstrumentationInstaller.ignoredByName(
                "dev.genaiwatch.shaded.io.opentelemetry.sdk.OpenTelemetrySdk"))
        .isTrue();
  }

  @Test
  void anApplicationInTheGenAiWatchNamespaceIsConsideredLikeAnyApplication() {
    assertThat(InstrumentationInstaller.ignoredByName("dev.genaiwatch.testapp.Main")).isFalse();
  }
}
