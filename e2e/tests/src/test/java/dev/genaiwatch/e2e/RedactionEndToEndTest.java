package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.ReceivedTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The testapp sends a prompt holding every kind of secret and personal data the engine knows; the
 * simulated model echoes it back. The agent exports with the {@code logging-otlp} exporter, so the
 * exported OTLP/JSON is the forked JVM's stdout, and the raw text of everything exported is
 * searched for each secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactionEndToEndTest {
  /** The values in the testapp's openai-chat-pii prompt; none may appear in anything exported. */
  static final List<String> SECRETS =
      List.of(
          "li.wei@example.cn",
          "13812345678",
          "+44 20 7946 0958",
          "7946 0958",
          "11010519491231002X",
          "4111 1111 1111 1111",
          "DE89370400440532013000",
          "203.0.113.77",
          "2001:db8:85a3::8a2e:370:7334",
          "sk-proj-Zx8Qw7Er6Ty5Ui4Op3As2Df1",
          "AKIAIOSFODNN7EXAMPLE",
          "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
          "glpat-xR4nD0mT0k3nV4lu3zzQ",
          "xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
          "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
          "opaqueT0ken.abc123XYZ",
          "MIIEowIBAAKCAQEA7bq0ZxPiiKeyBody",
          "Zx9!kLm2Qr",
          "s3cr3tPw");

  /** The testapp client's API key: the value of the Authorization header of every request. */
  static final String AUTHORIZATION_KEY = "sk-testapp-0123456789abcdefghij";

  static final String HASH_KEY = "e2e-hash-key-Qz81";
  static final List<String> PLACEHOLDERS =
      List.of(
          "<EMAIL>",
          "<PHONE>",
          "<CN_ID>",
          "<CARD>",
          "<IBAN>",
          "<IP>",
          "<API_KEY>",
          "<AWS_KEY>",
          "<TOKEN>",
          "<JWT>",
          "<PRIVATE_KEY>",
          "<PASSWORD>",
          "<CREDENTIALS>");

  SimulatedLlmServer server;
  ForkedJvm.Result placeholderRun;
  ForkedJvm.Result hashRun;

  @BeforeAll
  void runThePiiScenarioInBothModes() {
    server = SimulatedLlmServer.start(SimConfig.builder().build());
    placeholderRun = run(Map.of());
    hashRun =
        run(
            Map.of(
                "GENAI_WATCH_REDACTION_MODE", "hash", "GENAI_WATCH_REDACTION_HASH_KEY", HASH_KEY));
  }

  private ForkedJvm.Result run(Map<String, String> env) {
    return ForkedJvm.on(ForkedJvm.Jdks.current())
        .jar(AgentRun.testappJar(), "run", "openai-chat-pii", "--base-url", server.baseUrl())
        .agent(AgentRun.agentJar())
        .env(
            Map.of(
                "OTEL_SERVICE_NAME",
                "e2e-redaction",
                "OTEL_TRACES_EXPORTER",
                "logging-otlp",
                "OTEL_METRICS_EXPORTER",
                "none",
                "OTEL_BSP_SCHEDULE_DELAY",
                "100"))
        .env(env)
        .timeout(Duration.ofMinutes(2))
        .run();
  }

  @AfterAll
  void stop() {
    AgentRun.closeAll(server);
  }

  private static ReceivedSpan chatSpan(ForkedJvm.Result run) {
    assertThat(run.exitCode()).as(run.describe()).isZero();
    List<ReceivedSpan> spans = ReceivedTelemetry.fromOtlpJsonLines(run.stdout()).spans();
    assertThat(spans).as(run.describe()).hasSize(1);
    return spans.get(0);
  }

  private static String content(ReceivedSpan span) {
    return span.attrString("gen_ai.input.messages") + span.attrString("gen_ai.output.messages");
  }

  @Test
  void theSpanCarriesThePromptAndTheEchoedAnswerWithEveryKindOfPlaceholder() {
    ReceivedSpan span = chatSpan(placeholderRun);

    assertThat(span.attrString("gen_ai.input.messages")).contains(PLACEHOLDERS).contains("我叫李伟");
    assertThat(span.attrString("gen_ai.output.messages")).contains(PLACEHOLDERS);
  }

  @Test
  void everyReplacementIsCountedOnTheSpan() {
    // 18 values in the prompt, 18 again in the echoed answer
    assertThat(chatSpan(placeholderRun).attrLong("genai_watch.content.redactions")).isEqualTo(36);
  }

  @Test
  void noSecretAppearsInTheRawExportedOtlp() {
    assertThat(placeholderRun.stdout()).doesNotContain(SECRETS).doesNotContain(AUTHORIZATION_KEY);
    assertThat(content(chatSpan(placeholderRun))).doesNotContain(SECRETS);
  }

  @Test
  void noSecretAppearsInTheAgentsOwnOutput() {
    assertThat(placeholderRun.stderr()).doesNotContain(SECRETS).doesNotContain(AUTHORIZATION_KEY);
  }

  @Test
  void hashModeReplacesWithLabelledKeyedHashes() {
    String content = content(chatSpan(hashRun));

    assertThat(content)
        .containsPattern("<EMAIL:[0-9a-f]{8}>")
        .containsPattern("<CN_ID:[0-9a-f]{8}>")
        .doesNotContain("<EMAIL>")
        .doesNotContain(SECRETS);
  }

  @Test
  void theSameValueHashesTheSameInPromptAndAnswer() {
    ReceivedSpan span = chatSpan(hashRun);
    String inputCard = firstMatch(span.attrString("gen_ai.input.messages"), "<CARD:[0-9a-f]{8}>");

    assertThat(span.attrString("gen_ai.output.messages")).contains(inputCard);
  }

  @Test
  void theHashKeyAndTheSecretsNeverLeaveTheProcessInHashMode() {
    assertThat(hashRun.stdout() + hashRun.stderr())
        .doesNotContain(HASH_KEY)
        .doesNotContain(SECRETS)
        .doesNotContain(AUTHORIZATION_KEY);
  }

  private static String firstMatch(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group();
  }
}
