package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read prompts and answers: loopback by default, a token beyond it, /metrics on request.
 */
class ContentAccessTest {
  @TempDir Path dataDir;

  private static HttpResponse<String> get(TestProcessor p, String path, String bearerOrNull)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.processor.httpPort() + path));
    if (bearerOrNull != null) {
      request.header("Authorization", "Bearer " + bearerOrNull);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onLoopbackWithoutATokenTheApiIsOpen() throws Exception {
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of())) {
      assertThat(get(p, "/api/calls", null).statusCode()).isEqualTo(200);
      assertThat(p.processor.startNotices()).isEmpty();
    }
  }

  @Test
  void beyondLoopbackWithoutATokenTheApiIsRefusedAndTheStartSaysSoInOneLine() throws Exception {
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of("bind.address", "0.0.0.0"))) {
      HttpResponse<String> calls = get(p, "/api/calls", null);
      assertThat(calls.statusCode()).isEqualTo(401);
      assertThat(calls.body()).contains("auth.token");
      assertThat(get(p, "/api/drift", null).statusCode()).isEqualTo(401);
      assertThat(p.processor.startNotices())
          .singleElement()
          .asString()
          .contains("0.0.0.0", "auth.token", "/api/*")
          .doesNotContain("\n");
      // Ingest, health and metrics stay open: senders and scrapers are configured separately.
      assertThat(
              p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a"))).statusCode())
          .isEqualTo(200);
      assertThat(get(p, "/healthz", null).statusCode()).isEqualTo(200);
      assertThat(get(p, "/metrics", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withATokenEveryContentEndpointRequiresIt() throws Exception {
    try (TestProcessor p =
        TestProcessor.start(dataDir, Map.of("bind.address", "0.0.0.0", "auth.token", "s3cret"))) {
      assertThat(get(p, "/api/calls", null).statusCode()).isEqualTo(401);
      assertThat(get(p, "/api/calls", "wrong").statusCode()).isEqualTo(401);
      assertThat(get(p, "/api/calls", "s3cret").statusCode()).isEqualTo(200);
      assertThat(get(p, "/api/drift", "s3cret").statusCode()).isEqualTo(200);
      assertThat(p.processor.startNotices()).isEmpty();
    }
  }

  @Test
  void authMetricsProtectsTheScrapeButNotHealth() throws Exception {
    try (TestProcessor p =
        TestProcessor.start(dataDir, Map.of("auth.token", "s3cret", "auth.metrics", "true"))) {
      assertThat(get(p, "/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get(p, "/metrics", "s3cret").statusCode()).isEqualTo(200);
      assertThat(get(p, "/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theTokenCanComeFromAFile() throws Exception {
    Path tokenFile = Files.writeString(dataDir.resolve("token"), "from-file\n");
    try (TestProcessor p =
        TestProcessor.start(
            dataDir, Map.of("bind.address", "0.0.0.0", "auth.token.file", tokenFile.toString()))) {
      assertThat(get(p, "/api/calls", "from-file").statusCode()).isEqualTo(200);
      assertThat(get(p, "/api/calls", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aTokenInlineAndInAFileIsRefusedWithoutShowingTheToken() throws Exception {
    Path tokenFile = Files.writeString(dataDir.resolve("token"), "from-file");
    assertThatThrownBy(
            () ->
                ProcessorConfig.of(
                        new Properties(),
                        Map.of(
                            "GENAI_WATCH_PROCESSOR_AUTH_TOKEN",
                            "inline-secret",
                            "GENAI_WATCH_PROCESSOR_AUTH_TOKEN_FILE",
                            tokenFile.toString()))
                    .secret("auth.token"))
        .hasMessageContaining("auth.token and auth.token.file are both set")
        .hasMessageNotContaining("inline-secret")
        .hasMessageNotContaining("from-file");
  }

  @Test
  void theTokenIsCheckedBeforeTheBodyIsDecompressed() throws Exception {
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of("auth.token", "s3cret"))) {
      // Not gzip at all: a processor that decompressed first would answer 400, not 401. The body is
      // small so it is sent whole before the processor answers 401 and closes: a 1 MiB body could
      // still be on its way, and the client would see a reset instead of the answer.
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + p.processor.httpPort() + "/v1/traces"))
              .header("Content-Type", "application/x-protobuf")
              .header("Content-Encoding", "gzip")
              .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64]))
              .build();
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(401);
    }
  }
}
