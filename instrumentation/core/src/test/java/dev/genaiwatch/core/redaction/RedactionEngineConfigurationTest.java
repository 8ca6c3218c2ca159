package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User rules, allow-list, disabled rules and hash mode, as configured through
 * genai.watch.redaction.*.
 */
class RedactionEngineConfigurationTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLog() {
    originalErr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(originalErr);
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private static RedactionEngine engine(Map<String, String> settings) {
    return RedactionEngine.fromConfig(GenAiWatchConfig.of(settings));
  }

  private static String redact(RedactionEngine engine, String text) {
    return engine.redact(text, new Redactor.RedactionCounter());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a user rule replaces its matches with its name as placeholder \
            | employee_id=EMP-\\d{6} | ticket by EMP-123456 today | ticket by <EMPLOYEE_ID> today
          a user rule with a capturing group replaces only the group \
            | member=member no\\. (\\d{5}) | member no. 12345 called | member no. <MEMBER> called
          user rules are separated by semicolons and an escaped semicolon stays in the regex \
            | a=AAA\\;1; b=BBB\\d | AAA;1 and BBB7 | <A> and <B>
          """)
  void userRulesRedactWhatTheyMatch(String behaviour, String rules, String text, String redacted) {
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_RULES, rules));

    assertThat(redact(e, text)).isEqualTo(redacted);
  }

  @Test
  void userRulesAreReadFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.txt");
    Files.writeString(file, "# internal identifiers\nproject=PRJ-[A-Z]{3}\n\nbadge=B\\d{4}\n");
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_RULES_FILE, file.toString()));

    assertThat(redact(e, "PRJ-ABC by B1234")).isEqualTo("<PROJECT> by <BADGE>");
  }

  @Test
  void invalidUserRegexIsOneWarningAndTheOtherRulesStillApply() {
    RedactionEngine e =
        engine(Map.of(GenAiWatchConfig.REDACTION_RULES, "broken=(unclosed;ok=OK\\d"));

    assertThat(redact(e, "OK1 (unclosed")).isEqualTo("<OK> (unclosed");
    assertThat(log().lines().filter(l -> l.contains("WARN")).toList())
        .singleElement()
        .asString()
        .contains("broken")
        .contains("invalid regex");
  }

  @Test
  void unreadableRulesFileIsAWarningNotAFailure() {
    RedactionEngine e =
        engine(Map.of(GenAiWatchConfig.REDACTION_RULES_FILE, "/nonexistent/rules.txt"));

    assertThat(redact(e, "a@example.com")).isEqualTo("<EMAIL>");
    assertThat(log()).contains("cannot read redaction rules file /nonexistent/rules.txt");
  }

  @Test
  void catastrophicUserRegexReplacesTheWholeTextInsteadOfHanging() {
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_RULES, "evil=(.*a){12}b"));
    String text = "a".repeat(40) + "c";
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    // about 40^12 backtracking steps without the budget; the timeout only guards against a hang
    String out =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> e.redact(text, counter));

    assertThat(out).isEqualTo("<EVIL>");
    assertThat(counter.count()).isEqualTo(1);
    assertThat(log()).contains("redaction rule 'evil' exceeded its matching budget");
  }

  @Test
  void linearUserRegexOnAMegabyteStaysWithinItsBudget() {
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_RULES, "employee_id=EMP-\\d{6}"));
    String text = "EMP-12345 and EMP-123456 ".repeat(40_000);

    String out = e.redact(text, new Redactor.RedactionCounter());

    assertThat(out).startsWith("EMP-12345 and <EMPLOYEE_ID> EMP-12345 and <EMPLOYEE_ID>");
    assertThat(log()).isEmpty();
  }

  @Test
  void allowListedValuesAreKept() {
    RedactionEngine e =
        engine(Map.of(GenAiWatchConfig.REDACTION_ALLOW, "[a-z]+@example\\.com;10\\.0\\.0\\.1"));

    assertThat(redact(e, "support@example.com, jane@corp.io, 10.0.0.1, 10.0.0.2"))
        .isEqualTo("support@example.com, <EMAIL>, 10.0.0.1, <IP>");
  }

  @Test
  void disabledBuiltInRuleNoLongerApplies() {
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_DISABLED_RULES, "ipv4, email"));

    assertThat(redact(e, "10.1.2.3 a@example.com 13812345678"))
        .isEqualTo("10.1.2.3 a@example.com <PHONE>");
  }

  @Test
  void unknownDisabledRuleNameIsReported() {
    engine(Map.of(GenAiWatchConfig.REDACTION_DISABLED_RULES, "emails"));

    assertThat(log()).contains("unknown redaction rule 'emails'").contains("email");
  }

  @Test
  void hashModeReplacesWithLabelAndEightHexDigits() {
    RedactionEngine e =
        engine(
            Map.of(
                GenAiWatchConfig.REDACTION_MODE,
                "hash",
                GenAiWatchConfig.REDACTION_HASH_KEY,
                "k1"));

    assertThat(redact(e, "mail jane@example.com")).matches("mail <EMAIL:[0-9a-f]{8}>");
  }

  @Test
  void hashIsStableForTheSameValueAndKey() {
    RedactionEngine a = RedactionEngine.builder().hashKey("k1").build();
    RedactionEngine b = RedactionEngine.builder().hashKey("k1").build();

    String first = redact(a, "jane@example.com");
    assertThat(redact(a, "jane@example.com")).isEqualTo(first);
    assertThat(redact(b, "jane@example.com")).isEqualTo(first);
  }

  @Test
  void differentValuesHashDifferently() {
    RedactionEngine e = RedactionEngine.builder().hashKey("k1").build();

    assertThat(redact(e, "jane@example.com")).isNotEqualTo(redact(e, "john@example.com"));
  }

  @Test
  void differentKeysHashTheSameValueDifferently() {
    String value = "jane@example.com";

    assertThat(redact(RedactionEngine.builder().hashKey("k1").build(), value))
        .isNotEqualTo(redact(RedactionEngine.builder().hashKey("k2").build(), value));
  }

  @Test
  void hashIsTheKeyedHmacOfTheValue() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal("10.1.2.3".getBytes(StandardCharsets.UTF_8)))
            .substring(0, 8);

    assertThat(redact(RedactionEngine.builder().hashKey("k1").build(), "10.1.2.3"))
        .isEqualTo("<IP:" + expected + ">");
  }

  @Test
  void hashModeWithoutAKeyFallsBackToPlaceholdersWithAWarning() {
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_MODE, "hash"));

    assertThat(redact(e, "jane@example.com")).isEqualTo("<EMAIL>");
    assertThat(log()).contains("hash needs genai.watch.redaction.hash.key");
  }

  @Test
  void theHashKeyIsNeverLogged() {
    engine(
        Map.of(
            GenAiWatchConfig.REDACTION_MODE,
            "hash",
            GenAiWatchConfig.REDACTION_HASH_KEY,
            "topsecretkey",
            GenAiWatchConfig.REDACTION_RULES,
            "bad=(",
            GenAiWatchConfig.REDACTION_DISABLED_RULES,
            "nope"));

    assertThat(log()).isNotEmpty().doesNotContain("topsecretkey");
  }

  @Test
  void unknownModeIsReportedAndPlaceholdersAreUsed() {
    RedactionEngine e = engine(Map.of(GenAiWatchConfig.REDACTION_MODE, "mask"));

    assertThat(redact(e, "jane@example.com")).isEqualTo("<EMAIL>");
    assertThat(log()).contains("invalid value 'mask' for genai.watch.redaction.mode");
  }
}
