package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.core.content.Redactor;
import dev.genaiwatch.core.redaction.CorpusLines.Expected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scores the default engine on the leak corpus of issue 18, the tuning part and the held-out part
 * separately: recall per kind and language, characters redacted outside any expected value
 * (over-redaction), and clean texts changed. A secret counts as caught when one replacement covers
 * all of it and carries its kind's placeholder.
 *
 * <p>The targets apply to the tuning part ({@code leak-tuning.jsonl} and the hand-written {@code
 * leak-hard-cases.jsonl}): recall at least 99 % overall and 97 % per kind, at most 1 % of clean
 * texts changed, no character over-redacted in a text holding a connection string. The held-out
 * part ({@code leak-heldout.jsonl}, another seed with phrasings the tuning part never has, and
 * {@code heldout-hand-written.jsonl}, written before the rules were tuned) is printed and held to
 * the overall targets only, so that it keeps telling how the rules do on text they were not fitted
 * to.
 */
class LeakCorpusTest {
  private static final RedactionEngine ENGINE = RedactionEngine.defaults();
  private static final Map<String, String> LABELS = new TreeMap<>();
  private static Score tuning;
  private static Score heldOut;

  record Entry(String text, String lang, String genre, List<Expected> expected) {}

  /** Counts for one part of the corpus. */
  static final class Score {
    final String name;
    final Map<String, int[]> perKindAndLang = new TreeMap<>(); // "rule/lang" -> {caught, missed}
    final Map<String, int[]> perKind = new TreeMap<>();
    int caught;
    int missed;
    int texts;
    int clean;
    int cleanChanged;
    long overRedactedChars;
    long connectionStringOverRedactedChars;
    final List<String> misses = new ArrayList<>();
    final List<String> falsePositives = new ArrayList<>();

    Score(String name) {
      this.name = name;
    }

    double recall() {
      return (double) caught / (caught + missed);
    }

    double cleanChangedRate() {
      return (double) cleanChanged / clean;
    }

    String table() {
      StringBuilder t =
          new StringBuilder(
              "\n### "
                  + name
                  + ": "
                  + texts
                  + " texts, "
                  + (caught + missed)
                  + " secrets, "
                  + clean
                  + " clean\n\n| kind | en | zh | all |\n|---|---:|---:|---:|\n");
      perKind.forEach(
          (rule, c) ->
              t.append("| ")
                  .append(rule)
                  .append(" | ")
                  .append(cell(perKindAndLang.get(rule + "/en")))
                  .append(" | ")
                  .append(cell(perKindAndLang.get(rule + "/zh")))
                  .append(" | ")
                  .append(cell(c))
                  .append(" |\n"));
      t.append(
          String.format(
              Locale.ROOT,
              "| **all** | | | %s |%n%nclean texts changed: %d of %d (%.2f %%); characters"
                  + " over-redacted: %d (in texts with a connection string: %d)%n",
              cell(new int[] {caught, missed}),
              cleanChanged,
              clean,
              100.0 * cleanChanged / clean,
              overRedactedChars,
              connectionStringOverRedactedChars));
      return t.toString();
    }

    private static String cell(int[] c) {
      if (c == null || c[0] + c[1] == 0) {
        return "–";
      }
      return String.format(
          Locale.ROOT, "%.1f %% (%d/%d)", 100.0 * c[0] / (c[0] + c[1]), c[0], c[0] + c[1]);
    }
  }

  @BeforeAll
  static void score() throws IOException {
    for (RedactionRule rule : BuiltInRules.all()) {
      LABELS.put(rule.name(), rule.label());
    }
    for (RedactionRule rule : BuiltInRules.personalData()) {
      LABELS.put(rule.name(), rule.label());
    }
    tuning = score("tuning part", "leak-tuning.jsonl", "leak-hard-cases.jsonl");
    heldOut = score("held-out part", "leak-heldout.jsonl", "heldout-hand-written.jsonl");
    System.out.println(tuning.table());
    System.out.println(heldOut.table());
    heldOut.misses.forEach(m -> System.out.println("HELD-OUT " + m));
    heldOut.falsePositives.forEach(m -> System.out.println("HELD-OUT " + m));
  }

  static List<Entry> read(String file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode node :
        CorpusLines.parse(
            Files.readAllLines(LeakCorpusGenerator.DIR.resolve(file), StandardCharsets.UTF_8))) {
      entries.add(
          new Entry(
              node.get("text").asText(),
              node.path("lang").asText("en"),
              node.path("genre").asText(),
              CorpusLines.expected(node)));
    }
    return entries;
  }

  private static Score score(String name, String... files) throws IOException {
    Score s = new Score(name);
    for (String file : files) {
      for (Entry entry : read(file)) {
        score(s, entry);
      }
    }
    return s;
  }

  private static void score(Score s, Entry entry) {
    s.texts++;
    String text = entry.text();
    List<RedactionMatch> found = ENGINE.find(text);
    boolean[] expectedChar = new boolean[text.length()];
    for (Expected e : entry.expected()) {
      int at = text.indexOf(e.value());
      while (at >= 0) {
        for (int i = at; i < at + e.value().length(); i++) {
          expectedChar[i] = true;
        }
        at = text.indexOf(e.value(), at + 1);
      }
      boolean caught = false;
      for (int from = text.indexOf(e.value());
          from >= 0 && !caught;
          from = text.indexOf(e.value(), from + 1)) {
        int start = from;
        int end = from + e.value().length();
        caught =
            found.stream()
                .anyMatch(
                    m ->
                        m.start() <= start
                            && m.end() >= end
                            && m.rule().label().equals(LABELS.get(e.rule())));
      }
      int[] kl = s.perKindAndLang.computeIfAbsent(e.rule() + "/" + entry.lang(), k -> new int[2]);
      int[] k = s.perKind.computeIfAbsent(e.rule(), x -> new int[2]);
      if (caught) {
        kl[0]++;
        k[0]++;
        s.caught++;
      } else {
        kl[1]++;
        k[1]++;
        s.missed++;
        s.misses.add(
            "MISSED "
                + e
                + " in: "
                + text
                + " -> "
                + ENGINE.redact(text, new Redactor.RedactionCounter()));
      }
    }
    long over = 0;
    for (RedactionMatch m : found) {
      for (int i = m.start(); i < m.end(); i++) {
        over += expectedChar[i] ? 0 : 1;
      }
    }
    s.overRedactedChars += over;
    if (entry.expected().stream().anyMatch(e -> e.rule().equals("connection_credentials"))) {
      s.connectionStringOverRedactedChars += over;
    }
    if (entry.expected().isEmpty()) {
      s.clean++;
      if (!found.isEmpty()) {
        s.cleanChanged++;
      }
    }
    if (over > 0) {
      s.falsePositives.add(
          "OVER-REDACTED "
              + over
              + " chars in: "
              + text
              + " -> "
              + ENGINE.redact(text, new Redactor.RedactionCounter()));
    }
  }

  @Test
  void corpusHasFifteenHundredTextsWithFiveHundredCleanOnesInTheTuningPartAlone() {
    assertThat(tuning.texts).isGreaterThanOrEqualTo(1500);
    assertThat(tuning.clean).isGreaterThanOrEqualTo(500);
  }

  @Test
  void tuningRecallIsAtLeastNinetyNinePercent() {
    tuning.misses.forEach(System.out::println);
    assertThat(tuning.recall()).as(tuning.table()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void tuningRecallIsAtLeastNinetySevenPercentForEveryKind() {
    assertThat(tuning.perKind)
        .as(tuning.table())
        .allSatisfy(
            (rule, c) ->
                assertThat((double) c[0] / (c[0] + c[1])).as(rule).isGreaterThanOrEqualTo(0.97));
  }

  @Test
  void atMostOnePercentOfTuningCleanTextsAreChanged() {
    tuning.falsePositives.forEach(System.out::println);
    assertThat(tuning.cleanChangedRate()).as(tuning.table()).isLessThanOrEqualTo(0.01);
  }

  @Test
  void noCharacterOfAConnectionStringIsOverRedacted() {
    assertThat(tuning.connectionStringOverRedactedChars + heldOut.connectionStringOverRedactedChars)
        .isZero();
  }

  @Test
  void heldOutRecallIsAtLeastNinetyNinePercent() {
    assertThat(heldOut.recall()).as(heldOut.table()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void atMostOnePercentOfHeldOutCleanTextsAreChanged() {
    assertThat(heldOut.cleanChangedRate()).as(heldOut.table()).isLessThanOrEqualTo(0.01);
  }

  @Test
  void committedCorpusIsWhatTheGeneratorProduces() throws IOException {
    assertThat(
            Files.readString(
                LeakCorpusGenerator.DIR.resolve("leak-tuning.jsonl"), StandardCharsets.UTF_8))
        .isEqualTo(
            String.join(
                    "\n",
                    new LeakCorpusGenerator(LeakCorpusGenerator.TUNING_SEED, false).generate())
                + "\n");
    assertThat(
            Files.readString(
                LeakCorpusGenerator.DIR.resolve("leak-heldout.jsonl"), StandardCharsets.UTF_8))
        .isEqualTo(
            String.join(
                    "\n",
                    new LeakCorpusGenerator(LeakCorpusGenerator.HELDOUT_SEED, true).generate())
                + "\n");
  }
}
