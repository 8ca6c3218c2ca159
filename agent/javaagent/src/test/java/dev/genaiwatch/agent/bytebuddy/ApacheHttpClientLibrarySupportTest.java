package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import java.net.URL;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HttpClient 5 module's version check, against the real httpclient5/httpcore5 jars and a 5.3
 * look-alike.
 */
class ApacheHttpClientLibrarySupportTest extends LibraryVersionCheckTestBase {
  final LibrarySupport support = new LibrarySupport(new ApacheHttpClientInstrumentationModule());

  @Test
  void supportedVersionIsRecognisedWithoutLoadingAnyLibraryClass() throws Exception {
    URL[] jars =
        requiredClassPathJars(
            "httpclient5", entry -> entry.contains("httpclient5") || entry.contains("httpcore5"));
    assertRecognisedWithoutLoading(support, jars, "org.apache.hc.");
  }

  @Test
  void olderVersionTurnsTheModuleOffWithOneLineNamingWhatIsMissing(@TempDir Path dir)
      throws Exception {
    // HttpClient 5.3 has the builders but not EndpointInfo, which 5.4 added.
    URL jar =
        jarWith(
            dir,
            "httpclient5-5.3.jar",
            new ByteBuddy()
                .subclass(Object.class)
                .name("org.apache.hc.client5.http.impl.classic.HttpClientBuilder")
                .make());
    assertTurnedOffWithOneLine(support, jar, "apache-httpclient5")
        .contains("org.apache.hc.client5.http.EndpointInfo#getProtocol(0 args)");
  }
}
