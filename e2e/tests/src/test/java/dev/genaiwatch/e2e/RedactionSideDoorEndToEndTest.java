package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedEvent;
import dev.genaiwatch.testing.ReceivedSpan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The side doors of issue 18, with the real agent jar in a forked JVM exporting to an OTLP
 * receiver: the testapp's {@code redaction-side-doors} scenario runs a LangChain4j tool that throws
 * with a card number in its message, an openai-java call whose server answers 500 with an e-mail
 * address in the error body (served here), and a streamed answer holding a Chinese ID across the
 * content limit (50 characters here). None of the three may reach the receiver in any span name,
 * status, attribute or event attribute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactionSideDoorEndToEndTest {
  static final String CARD = "4111 1111 1111 1111";
  static final String EMAIL = "billing.owner@example.org";
  static final String CN_ID = "11010519491231002X";
  static final String ERROR_BODY =
      "{\"error\":{\"message\":\"ledger failure for account owner "
          + EMAIL
          + ", see logs\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  SimulatedLlmServer simulator;
  HttpServer failingServer;
  OtlpReceiver receiver;
  ForkedJvm.Result run;
  List<ReceivedSpan> spans;

  @BeforeAll
  void runTheScenario() throws IOException {
    simulator = SimulatedLlmServer.start(SimConfig.zeroLatency());
    failingServer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    failingServer.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = ERROR_BODY.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(500, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    failingServer.start();
    receiver = OtlpReceiver.start();
    String failingBaseUrl = "http://127.0.0.1:" + failingServer.getAddress().getPort() + "/v1";
    run =
        AgentRun.testapp(
                ForkedJvm.Jdks.current(),
                true,
                "redaction-side-doors",
                simulator.baseUrl(),
                receiver.httpEndpoint())
            .env(
                Map.of(
                    "GENAI_WATCH_E2E_ERROR_BASE_URL",
                    failingBaseUrl,
                    "GENAI_WATCH_CONTENT_MAX_LENGTH",
                    "50"))
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    spans =
        receiver
            .telemetry()
            .awaitSpans(
                s -> s.attrString("genai_watch.instrumentation") != null,
                4,
                Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (failingServer != null) {
      failingServer.stop(0);
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  /** Every text the receiver got: span names, statuses, attributes and event attributes. */
  private List<String> exportedTexts() {
    List<String> texts = new ArrayList<>();
    for (ReceivedSpan span : receiver.telemetry().spans()) {
      texts.add(span.name());
      texts.add(String.valueOf(span.statusMessage()));
      span.attributes().forEach((key, value) -> texts.add(key + "=" + value));
      for (ReceivedEvent event : span.events()) {
        event
            .attributes()
            .forEach((key, value) -> texts.add(event.name() + "." + key + "=" + value));
      }
    }
    return texts;
  }

  @Test
  void theThreeSideDoorsWereExercised() {
    assertThat(run.stdout())
        .contains("error: com.openai.errors.InternalServerException")
        .contains("stream: ");
    assertThat(spans).anySatisfy(s -> assertThat(s.name()).startsWith("execute_tool"));
    assertThat(spans).anySatisfy(s -> assertThat(s.statusCode()).contains("ERROR"));
    assertThat(spans)
        .anySatisfy(s -> assertThat(s.attrString("gen_ai.output.messages")).contains("<CN_"));
  }

  @Test
  void noCardNumberReachesTheReceiver() {
    assertThat(exportedTexts())
        .noneSatisfy(
            text -> assertThat(text).containsAnyOf(CARD, CARD.replace(" ", ""), "4111 1111 1111"));
  }

  @Test
  void noEmailAddressFromAServerErrorBodyReachesTheReceiver() {
    assertThat(exportedTexts())
        .noneSatisfy(text -> assertThat(text).containsAnyOf(EMAIL, "billing.owner"));
  }

  @Test
  void noPartOfAChineseIdStreamedAcrossTheLimitReachesTheReceiver() {
    assertThat(exportedTexts())
        .noneSatisfy(text -> assertThat(text).contains(CN_ID.substring(0, 6)));
  }

  @Test
  void theFailedCallsStatusAndExceptionEventCarryThePlaceholderInsteadOfTheAddress() {
    ReceivedSpan failed =
        spans.stream()
            .filter(
                s ->
                    s.events().stream()
                        .anyMatch(
                            e ->
                                e.name().equals("exception")
                                    && String.valueOf(e.attrString("exception.message"))
                                        .contains("ledger failure")))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no exception event quoting the server's error body in " + spans));

    assertThat(failed.statusMessage()).contains("<EMAIL>");
  }
}
