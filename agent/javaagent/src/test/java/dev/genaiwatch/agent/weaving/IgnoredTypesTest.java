package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The packages never looked into for an implementation of a framework interface. */
class IgnoredTypesTest {
  @Test
  void theJdkAndAgentsAreIgnored() {
    assertThat(LibraryPackages.outsideEveryFramework("java/lang/String")).isTrue();
    assertThat(LibraryPackages.outsideEveryFramework("sun/nio/ch/SocketChannelImpl")).isTrue();
    assertThat(LibraryPackages.outsideEveryFramework("dev/genaiwatch/core/GenAiWatch")).isTrue();
    assertThat(LibraryPackages.outsideEveryFramework("datadog/trace/agent/Foo")).isTrue();
    assertThat(LibraryPackages.outsideEveryFramework("jdk/internal/net/http/HttpClientFacade"))
        .isTrue();
  }

  @Test
  void applicationClassesAreConsidered() {
    assertThat(LibraryPackages.outsideEveryFramework("com/example/shop/ChatService")).isFalse();
    assertThat(
            LibraryPackages.outsideEveryFramework("dev/langchain4j/model/openai/OpenAiChatModel"))
        .isFalse();
  }

  @Test
  void everyPackageOfTheAgentJarIsIgnored() {
    assertThat(LibraryPackages.outsideEveryFramework("dev/genaiwatch/agent/AgentStartup")).isTrue();
    assertThat(LibraryPackages.outsideEveryFramework("dev/genaiwatch/bootstrap/Bridge")).isTrue();
    assertThat(
            LibraryPackages.outsideEveryFramework(
                "dev/genaiwatch/instrumentation/langchain4j/LangChain4jCalls"))
        .isTrue();
    assertThat(
            LibraryPackages.outsideEveryFramework(
                "dev/genaiwatch/shaded/io/opentelemetry/sdk/OpenTelemetrySdk"))
        .isTrue();
  }

  @Test
  void anApplicationInTheGenAiWatchNamespaceIsConsideredLikeAnyApplication() {
    assertThat(LibraryPackages.outsideEveryFramework("dev/genaiwatch/testapp/Main")).isFalse();
  }
}
