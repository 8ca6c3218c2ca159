package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP/JSON on the HTTP receiver, as the OTLP specification writes it (hex ids, lowerCamelCase, int
 * enums).
 */
class OtlpJsonReceiveTest {
  private static final String TRACE =
      """
      {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
       "scopeSpans":[{"scope":{"name":"test"},"spans":[{
         "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
         "name":"chat gpt-4o","kind":3,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
         "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                       {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                       {"key":"gen_ai.usage.input_tokens","value":{"intValue":"12"}}],
         "someFieldFromTheFuture":true}]}]}]}
      """;

  @TempDir Path dataDir;
  private OtlpReceiver downstream;
  private TestProcessor p;

  @BeforeEach
  void start() {
    downstream = OtlpReceiver.start();
    p = TestProcessor.start(dataDir, Map.of("downstream.endpoint", downstream.grpcEndpoint()));
  }

  @AfterEach
  void stop() {
    p.close();
    downstream.close();
  }

  private HttpResponse<String> postJson(String body) {
    return p.client.post(
        "/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void aJsonSpanIsAcceptedAndForwardedWithItsHexIdsIntact() {
    HttpResponse<String> response = postJson(TRACE);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    ReceivedSpan span =
        downstream
            .telemetry()
            .awaitSpans(s -> s.name().equals("chat gpt-4o"), 1, Duration.ofSeconds(30))
            .get(0);
    assertThat(span.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(span.spanId()).isEqualTo("eee19b7ec3c1b174");
  }

  @Test
  void malformedJsonIsA400ThatSaysSo() {
    HttpResponse<String> response = postJson("{\"resourceSpans\": [");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("OTLP/JSON", "not JSON");
    assertThat(
            p.client.metric("genai_watch_processor_malformed_requests_total{reason=\"bad_json\"}"))
        .isEqualTo(1);
  }

  @Test
  void aBase64IdWhereHexIsRequiredIsA400NamingTheField() {
    HttpResponse<String> response = postJson(TRACE.replace("eee19b7ec3c1b174", "7uGbfsPBsXQ="));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("spanId must be hex");
  }

  @Test
  void deeplyNestedJsonIsA400NotAStackOverflow() {
    HttpResponse<String> response = postJson("{\"a\":" + "[".repeat(100_000));
    assertThat(response.statusCode()).isEqualTo(400);
  }
}
