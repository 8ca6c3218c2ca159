package dev.genaiwatch.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {
  private final SecretRedactor redactor = new SecretRedactor();

  private String redact(String text) {
    return redactor.redact(text, new Redactor.RedactionCounter());
  }

  @Test
  void classicOpenAiKeyIsReplaced() {
    assertThat(redact("my key is sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL, keep it safe"))
        .isEqualTo("my key is <API_KEY>, keep it safe");
  }

  @Test
  void projectKeyIsReplacedWhole() {
    assertThat(redact("OPENAI_API_KEY=sk-proj-Ab12_cd34-EF56gh78IJ90kl_mn-OP12"))
        .isEqualTo("OPENAI_API_KEY=<API_KEY>");
  }

  @Test
  void serviceAccountKeyIsReplaced() {
    assertThat(redact("sk-svcacct-0123456789abcdefXYZ")).isEqualTo("<API_KEY>");
  }

  @Test
  void bearerTokenIsReplacedKeepingTheScheme() {
    assertThat(redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"))
        .isEqualTo("Authorization: Bearer <TOKEN>");
  }

  @Test
  void lowercaseBearerTokenIsReplaced() {
    assertThat(redact("curl -H 'authorization: bearer abc123def456ghi'"))
        .isEqualTo("curl -H 'authorization: Bearer <TOKEN>'");
  }

  @Test
  void emailAddressIsReplaced() {
    assertThat(redact("write to jane.doe+ops@mail.example.co.uk today"))
        .isEqualTo("write to <EMAIL> today");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sk-short",
      "the sk-123 prefix",
      "user at example dot com",
      "risk-management-framework-review-board",
      "task-force-alpha-bravo-charlie-delta",
      "bearer of bad news",
      "name@localhost",
      "@handle",
      "a@b",
      "price: 5 @ 3 each"
  })
  void lookAlikesAreKept(String text) {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    assertThat(redactor.redact(text, counter)).isEqualTo(text);
    assertThat(counter.count()).isZero();
  }

  @Test
  void everyReplacementIsCounted() {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    String out = redactor.redact("a@example.com, b@example.com and sk-abcdefghijklmnopqrst", counter);

    assertThat(out).isEqualTo("<EMAIL>, <EMAIL> and <API_KEY>");
    assertThat(counter.count()).isEqualTo(3);
  }

  @Test
  void counterAccumulatesAcrossTexts() {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    redactor.redact("x@example.com", counter);
    redactor.redact("nothing here", counter);
    redactor.redact("Bearer abcdefgh12345678", counter);

    assertThat(counter.count()).isEqualTo(2);
  }

  @Test
  void nullAndEmptyTextArePassedThrough() {
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();

    assertThat(redactor.redact(null, counter)).isNull();
    assertThat(redactor.redact("", counter)).isEmpty();
    assertThat(counter.count()).isZero();
  }

  @Test
  void pathologicalAlmostEmailCompletesUnchanged() {
    String text = "a".repeat(200_000) + "@";

    assertThat(redact(text)).isEqualTo(text);
  }

  @Test
  void pathologicalKeyOfAHundredThousandCharactersIsRedactedWhole() {
    String text = "sk-" + "-".repeat(100_000) + " end";

    // No tail of an over-long key may leak past the placeholder.
    assertThat(redact(text)).isEqualTo("<API_KEY> end");
  }

  @Test
  void bearerTokenLongerThanFourKilobytesIsRedactedWhole() {
    String text = "Bearer " + "A".repeat(5000) + " end";

    assertThat(redact(text)).isEqualTo("Bearer <TOKEN> end");
  }

  @Test
  void pathologicalBearerWithEndlessWhitespaceCompletesUnchanged() {
    String text = "Bearer" + " ".repeat(200_000);

    assertThat(redact(text)).isEqualTo(text);
  }

  @Test
  void pathologicalRepeatedAtSignsCompleteUnchanged() {
    String text = "a@".repeat(100_000);

    assertThat(redact(text)).isEqualTo(text);
  }
}
