package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's static files as the processor serves them at /ui/, with a token configured (one
 * processor for all the checks: none of them changes it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageFilesTest {
  @TempDir static Path dataDir;
  TestProcessor p;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    p = TestProcessor.start(dataDir, Map.of("auth.token", "s3cret"));
  }

  @AfterAll
  void stop() {
    p.close();
  }

  @Test
  void thePageIsServedWithoutTheTokenAndItsDataOnlyWithIt() {
    assertThat(p.client.get("/ui/").statusCode()).isEqualTo(200);
    assertThat(p.client.get("/api/overview").statusCode()).isEqualTo(401);
    assertThat(p.client.get("/api/evaluations").statusCode()).isEqualTo(401);
    assertThat(p.client.get("/api/ui").statusCode()).isEqualTo(401);
  }

  @Test
  void eachFileHasItsContentTypeAndCachingHeaders() {
    assertHeaders("/ui/", "text/html; charset=utf-8", "no-cache");
    assertHeaders("/ui/app.js", "text/javascript; charset=utf-8", "no-cache");
    assertHeaders("/ui/style.css", "text/css; charset=utf-8", "no-cache");
    assertHeaders(
        "/ui/vendor/uplot/uPlot.iife.min.js",
        "text/javascript; charset=utf-8",
        "public, max-age=86400");
    assertHeaders(
        "/ui/vendor/uplot/uPlot.min.css", "text/css; charset=utf-8", "public, max-age=86400");
  }

  @Test
  void anUnchangedFileIsAnswered304() throws Exception {
    HttpResponse<String> first = p.client.get("/ui/views.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/ui/views.js"))
                .header("If-None-Match", etag)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void noPathReachesBeyondThePageFiles() throws IOException {
    for (String path :
        new String[] {
          "/ui/../api/drift",
          "/ui/..%2f..%2fProcessor.class",
          "/ui/%2e%2e/%2e%2e/dev/genaiwatch/processor/Processor.class",
          "/ui/vendor/uplot/../../../../META-INF/MANIFEST.MF",
          "/ui/vendor/uplot/uPlot.d.ts",
          "/ui/.hidden.js",
          "/ui//etc/passwd"
        }) {
      assertThat(rawStatusLine(path)).as(path).contains(" 404 ");
    }
  }

  @Test
  void theRootAndUiWithoutSlashRedirectToThePage() {
    for (String path : new String[] {"/", "/ui"}) {
      HttpResponse<String> response = p.client.get(path);
      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(response.headers().firstValue("Location")).hasValue("/ui/");
    }
  }

  private void assertHeaders(String path, String contentType, String cacheControl) {
    HttpResponse<String> response = p.client.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue(contentType);
    assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue(cacheControl);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.body()).isNotEmpty();
  }

  /** The request line exactly as written (an HTTP client would normalise the dots away). */
  private String rawStatusLine(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", p.processor.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.lines().findFirst().orElse("");
    }
  }

  private String base() {
    return "http://127.0.0.1:" + p.processor.httpPort();
  }
}
