package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Reactor Netty module's version check, against the real reactor-netty-http jars and a 1.1
 * look-alike.
 */
class ReactorNettyLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new ReactorNettyInstrumentationModule());

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    URL[] jars =
        requiredClassPathJars(
            "reactor-netty-http",
            entry ->
                entry.contains("reactor-")
                    || entry.contains("netty-")
                    || entry.contains("reactive-streams"));
    assertRecognisedWithoutLoading(support, jars, "reactor.", "io.netty.");
  }

  @Test
  void olderVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir)
      throws Exception {
    // Reactor Netty 1.1 has HttpClient but not proxyWhen, which 1.2 added.
    URL jar =
        jarWith(
            dir,
            "reactor-netty-http-1.1.jar",
            new ByteBuddy()
                .subclass(Object.class)
                .name("reactor.netty.http.client.HttpClient")
                .make());
    assertTurnedOffWithOneLine(support, jar, "reactor-netty")
        .contains("reactor.netty.http.client.HttpClient#proxyWhen(1 args)");
  }
}
