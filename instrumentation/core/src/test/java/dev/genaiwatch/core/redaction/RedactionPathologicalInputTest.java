package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.genaiwatch.core.content.Redactor;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial 1 MB inputs complete. The timeout is only a hang guard (a catastrophic backtrack on 1
 * MB would run for hours), not a performance threshold; throughput is measured in bench/.
 */
class RedactionPathologicalInputTest {
  private static final int MB = 1 << 20;
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);
  private final RedactionEngine engine = RedactionEngine.defaults();

  static Stream<Arguments> inputs() {
    return Stream.of(
        input("almost e-mail", () -> "a".repeat(MB) + "@"),
        input("many at-signs", () -> "a@".repeat(MB / 2)),
        input("digits", () -> "1".repeat(MB)),
        input("digit groups", () -> "1234 ".repeat(MB / 5)),
        input("plus digits", () -> "+1 2".repeat(MB / 4)),
        input("BEGIN without END", () -> "-----BEGIN".repeat(MB / 10)),
        input("colons", () -> "a:".repeat(MB / 2)),
        input("dots", () -> "1.".repeat(MB / 2)),
        input("password keys", () -> "password=".repeat(MB / 9)),
        input("scheme separators", () -> "a://b:".repeat(MB / 6)),
        input("jwt-like", () -> "eyAAAAAAAA.".repeat(MB / 11)),
        input("bearer spaces", () -> "Bearer" + " ".repeat(MB)),
        input("capital letters", () -> "AKIA".repeat(MB / 4)),
        input("dashes", () -> "sk-" + "-".repeat(MB)),
        input("obfuscated at-signs", () -> "a [at] b [dot] ".repeat(MB / 15)),
        input("connection strings with many at-signs", () -> "db://u:" + "p@".repeat(MB / 2)),
        input("schemes with at-signs", () -> "a://u:p@".repeat(MB / 8)),
        input(
            "base64 runs near a context word",
            () -> ("secret " + "aB3/".repeat(10) + " ").repeat(MB / 48)),
        input("trunk-zero digit groups", () -> "0 12 34 ".repeat(MB / 8)),
        input("ssn words and groups", () -> "ssn 123 45 ".repeat(MB / 11)),
        input("passport words and letters", () -> "passport E".repeat(MB / 10)),
        input("env password prefixes", () -> "_PASSWORD=".repeat(MB / 10)),
        input("long word ending in a key word", () -> "x".repeat(MB) + "password=1"),
        input("chinese password keys without a value", () -> "root密码是？".repeat(MB / 7)));
  }

  private static Arguments input(String name, Supplier<String> text) {
    return Arguments.of(name, text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void adversarialMegabyteCompletes(String name, Supplier<String> input) {
    String text = input.get();
    String out =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> engine.redact(text, new Redactor.RedactionCounter()));

    assertThat(out).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void adversarialMegabyteCompletesInHashMode(String name, Supplier<String> input) {
    RedactionEngine hashing = RedactionEngine.builder().hashKey("k").build();
    String text = input.get();

    assertThat(
            assertTimeoutPreemptively(
                HANG_GUARD, () -> hashing.redact(text, new Redactor.RedactionCounter())))
        .isNotNull();
  }

  @org.junit.jupiter.api.Test
  void pemBeginWithoutEndRedactsTheRestOfTheBodyOnce() {
    String text = "-----BEGIN PRIVATE KEY-----\n" + "QUJD\n".repeat(MB / 5);
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    String out = assertTimeoutPreemptively(HANG_GUARD, () -> engine.redact(text, counter));

    assertThat(out).isEqualTo("<PRIVATE_KEY>");
    assertThat(counter.count()).isEqualTo(1);
  }
}
