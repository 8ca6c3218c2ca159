package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedInputTest {
  @TempDir Path dataDir;
  TestProcessor p;

  @BeforeEach
  void start() {
    p = TestProcessor.start(dataDir, Map.of("max.body.bytes", "1024"));
  }

  @AfterEach
  void stop() {
    p.close();
  }

  @Test
  void badProtobufIsA400ThatSaysWhy() {
    HttpResponse<String> response =
        p.client.post(
            "/v1/traces",
            "application/x-protobuf",
            new byte[] {(byte) 0x0a, (byte) 0xff, 0x01, 0x02},
            null);
    assertRefused(response, 400, "not a valid OTLP spans export request", "bad_protobuf");
  }

  @Test
  void wrongContentTypeIsA415() {
    HttpResponse<String> response =
        p.client.post("/v1/logs", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), null);
    assertRefused(response, 415, "application/x-protobuf", "content_type");
  }

  @Test
  void oversizeBodyIsA413NamingTheLimit() {
    HttpResponse<String> response =
        p.client.post("/v1/traces", "application/x-protobuf", new byte[4096], null);
    assertRefused(response, 413, "1024 bytes", "oversize");
  }

  @Test
  void unknownPathIsA404() {
    assertThat(
            p.client.post("/v1/profiles", "application/x-protobuf", new byte[0], null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theProcessorKeepsServingAfterBadRequests() {
    p.client.post("/v1/traces", "application/x-protobuf", new byte[4096], null);
    p.client.post(
        "/v1/traces", "application/x-protobuf", new byte[] {(byte) 0x0a, (byte) 0xff}, null);
    assertThat(p.client.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("ok"))).statusCode())
        .isEqualTo(200);
  }

  /**
   * Answered {@code status} saying {@code why}, and counted once as malformed for {@code reason}.
   */
  private void assertRefused(HttpResponse<String> response, int status, String why, String reason) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).contains(why);
    assertThat(
            p.client.metric(
                "genai_watch_processor_malformed_requests_total{reason=\"" + reason + "\"}"))
        .isEqualTo(1);
  }
}
