package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.core.content.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Redacting only what is kept of a long text ({@link RedactionEngine#redactPrefix}) gives exactly
 * the first characters of the whole text's redaction, whatever lies where the scan stops.
 */
class RedactPrefixTest {
  private static final String KEY_BODY =
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n".repeat(25);
  private static final String PRIVATE_KEY =
      "-----BEGIN PRIVATE KEY-----\n" + KEY_BODY + "-----END PRIVATE KEY-----";

  private final RedactionEngine engine = RedactionEngine.defaults();

  private String whole(String text, int keep) {
    String all = engine.redact(text, new Redactor.RedactionCounter());
    return all.length() <= keep ? all : all.substring(0, keep);
  }

  private String prefix(String text, int keep) {
    return engine.redactPrefix(text, keep, new Redactor.RedactionCounter());
  }

  /** Labelled sentences (every one holding at least one secret), joined into long texts. */
  private static List<String> corpusSentences() throws IOException {
    List<String> sentences = new ArrayList<>();
    for (String file : List.of("generated.jsonl", "leak-heldout.jsonl")) {
      for (JsonNode line :
          CorpusLines.parse(
              Files.readAllLines(
                  Path.of("src/test/resources/redaction-corpus", file), StandardCharsets.UTF_8))) {
        if (!CorpusLines.expected(line).isEmpty()) {
          sentences.add(line.get("text").asText());
        }
      }
    }
    return sentences;
  }

  @Test
  void longTextsFullOfSecretsGiveTheWholeRedactionsFirstCharacters() throws IOException {
    List<String> sentences = corpusSentences();
    SplittableRandom random = new SplittableRandom(7);
    int prefixOnly = 0;
    for (int t = 0; t < 60; t++) {
      StringBuilder text = new StringBuilder();
      int length = 20_000 + random.nextInt(60_000);
      while (text.length() < length) {
        text.append(sentences.get(random.nextInt(sentences.size())))
            .append(random.nextInt(4) == 0 ? "\n" : " ");
      }
      int keep = 1 + random.nextInt(12_000);
      Redactor.RedactionCounter scanned = new Redactor.RedactionCounter();
      Redactor.RedactionCounter all = new Redactor.RedactionCounter();
      engine.redact(text.toString(), all);
      assertThat(engine.redactPrefix(text.toString(), keep, scanned))
          .as("text %d, keep %d", t, keep)
          .isEqualTo(whole(text.toString(), keep));
      if (scanned.count() < all.count()) {
        prefixOnly++;
      }
    }
    // Both ways were taken: the short one (fewer replacements counted than in the whole text), and
    // the fall-back to the whole text (these texts are dense with private keys, whose placeholders
    // shrink the kept part).
    assertThat(prefixOnly).isBetween(10, 50);
  }

  @Test
  void aSecretStraddlingTheEndOfTheKeptPartIsReplaced() {
    String text =
        "a".repeat(99) + " sk-proj-Ab12_cd34-EF56gh78IJ90kl_mn-OP12 " + "b".repeat(20_000);
    String kept = prefix(text, 110);
    assertThat(kept).isEqualTo(whole(text, 110)).doesNotContain("sk-proj");
  }

  @Test
  void keysThatShrinkTheKeptPartTowardsTheScansEndFallBackToTheWholeText() {
    // Five keys replaced by placeholders pull the kept part past the scan's settled zone, where a
    // sixth key lies across the scan's end.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      text.append(PRIVATE_KEY).append("\nnext\n");
    }
    text.append("c".repeat(40_000));
    int keep = 200;
    String kept = prefix(text.toString(), keep);
    assertThat(kept).isEqualTo(whole(text.toString(), keep)).doesNotContain("MIIE");
  }

  @Test
  void replacementsAreCountedInWhatIsScannedOnly() {
    String secret = "sk-proj-Ab12_cd34-EF56gh78IJ90kl_mn-OP12";
    String text = secret + " " + "d".repeat(30_000) + " " + secret;
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    assertThat(engine.redactPrefix(text, 100, counter)).startsWith("<API_KEY> ddd");
    assertThat(counter.count()).isEqualTo(1);
  }

  @Test
  void aShortTextIsRedactedWhole() {
    String text = "mail me at jane.doe@example.com please";
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    assertThat(engine.redactPrefix(text, 10, counter)).isEqualTo(whole(text, 10));
    assertThat(counter.count()).isEqualTo(1);
  }
}
