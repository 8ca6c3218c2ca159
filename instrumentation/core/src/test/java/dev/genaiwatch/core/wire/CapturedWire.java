package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.core.testing.TestTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Bodies the simulated model server really sent and received (captured with curl from {@code
 * testapp/simulator}, in {@code src/test/resources/wire/}), and an exchange fed with them as an
 * HTTP client would: in small pieces split anywhere.
 */
abstract class CapturedWire {
  /** Reads the captured bodies for what the tests expect. */
  static final ObjectMapper JSON = new ObjectMapper();

  /** A fresh instrumenter with content capture on, installed agent-wide for each test. */
  final TestTelemetry telemetry = TestTelemetry.install(true);

  @AfterEach
  void closeTelemetry() {
    telemetry.close();
  }

  /** A captured body, as it was on the wire. */
  static String body(String name) {
    try (InputStream in = CapturedWire.class.getResourceAsStream("/wire/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no captured body " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code data:} payloads of a captured event stream, in order. */
  static List<String> events(String sse) {
    List<String> out = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ")) {
        out.add(line.substring("data: ".length()));
      }
    }
    return out;
  }

  /**
   * The exchange of a raw HTTP POST of {@code requestBody} to {@code url} on the current context; a
   * null body is one the client has not written yet.
   */
  static WireExchange start(String url, String requestBody) {
    return start(url, requestBody, Map.of("anthropic-version", "2023-06-01"));
  }

  /** As above, with the request's {@code headers} (lower-case names). */
  static WireExchange start(String url, String requestBody, Map<String, String> headers) {
    return WireCalls.start(
        "jdk-httpclient",
        "POST",
        URI.create(url),
        () -> requestBody == null ? null : requestBody.getBytes(StandardCharsets.UTF_8),
        headers::get,
        Context.current());
  }

  /** Feeds {@code body} in 7-byte pieces (splitting lines, events and UTF-8 sequences). */
  static void feedSplit(WireExchange exchange, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += 7) {
      exchange.onBytes(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
    }
  }

  /** A whole exchange: status 200, {@code contentType}, the body, the end. */
  static void respond(WireExchange exchange, String contentType, String body) {
    exchange.onResponse(200, contentType);
    feedSplit(exchange, body);
    exchange.onComplete();
  }

  /**
   * The span of a stream the application closed after reading {@code read} (its events and maybe
   * more), sent to {@code url}.
   */
  SpanData closedAfterReading(String url, String request, String read) {
    WireExchange exchange = start(url, request);
    exchange.onResponse(200, "text/event-stream");
    feedSplit(exchange, read);
    exchange.onClose();
    List<SpanData> spans = telemetry.finished();
    return spans.get(spans.size() - 1);
  }

  /** Every attribute by its name. */
  static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> out = new HashMap<>();
    span.getAttributes().forEach((key, value) -> out.put(key.getKey(), value));
    return out;
  }

  /**
   * The captured requests' system prompt (with an e-mail address), question and the served answer
   * are on the span, the address redacted.
   */
  static void assertContentCapturedRedacted(SpanData span, String question, String answer) {
    assertThat((String) attr(span, "gen_ai.system_instructions"))
        .contains("geography assistant")
        .contains("<EMAIL>")
        .doesNotContain("ops@example.com");
    assertThat((String) attr(span, "gen_ai.input.messages")).contains(question);
    assertThat((String) attr(span, "gen_ai.output.messages"))
        .contains(answer)
        .contains("\"role\":\"assistant\"");
  }

  /** An attribute of any type, by name. */
  static Object attr(SpanData span, String key) {
    return span.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals(key))
        .map(e -> e.getValue())
        .findFirst()
        .orElse(null);
  }
}
