package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version checks of the Reactor Netty and HttpClient 5 wire levels, against the real jars the
 * agent is built and tested with and against look-alikes of the last unsupported lines (Reactor
 * Netty 1.1, HttpClient 5.3), which lack the one method their check names first.
 */
class HttpClientLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport reactorNetty = new LibrarySupport(new ReactorNettyInstrumentationModule());
  final LibrarySupport apacheHttpClient =
      new LibrarySupport(new ApacheHttpClientInstrumentationModule());

  @Test
  void reactorNettyIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    assertRecognisedWithoutLoading(
        reactorNetty, jars("reactor-", "netty-", "reactive-streams"), "reactor.", "io.netty.");
  }

  @Test
  void reactorNetty11TurnsTheModuleOffWithOneLineNamingProxyWhen(@TempDir Path dir)
      throws Exception {
    URL jar = lookAlike(dir, "reactor.netty.http.client.HttpClient");
    assertTurnedOffWithOneLine(reactorNetty, jar, "reactor-netty")
        .contains("reactor.netty.http.client.HttpClient#proxyWhen(1 args)");
  }

  @Test
  void httpClient5IsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    assertRecognisedWithoutLoading(
        apacheHttpClient, jars("httpclient5", "httpcore5"), "org.apache.hc.");
  }

  @Test
  void httpClient53TurnsTheModuleOffWithOneLineNamingEndpointInfo(@TempDir Path dir)
      throws Exception {
    URL jar = lookAlike(dir, "org.apache.hc.client5.http.impl.classic.HttpClientBuilder");
    assertTurnedOffWithOneLine(apacheHttpClient, jar, "apache-httpclient5")
        .contains("org.apache.hc.client5.http.EndpointInfo#getProtocol(0 args)");
  }

  /** The test class path's jars whose path contains one of {@code fragments}. */
  private static URL[] jars(String... fragments) throws Exception {
    return requiredClassPathJars(
        String.join(", ", fragments), entry -> Arrays.stream(fragments).anyMatch(entry::contains));
  }

  /** A jar with an empty class of that name: the library is there, its newer API is not. */
  private static URL lookAlike(Path dir, String className) throws Exception {
    return jarWith(dir, "old.jar", new ByteBuddy().subclass(Object.class).name(className).make());
  }
}
