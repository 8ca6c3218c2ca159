package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.core.redaction.CorpusLines.Expected;
import java.io.IOException;
import java.io.InputStream;
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
 * Scores the default engine on the labelled corpus: a replacement counts as a true positive only if
 * it covers exactly an expected value and is labelled as that value's rule would label it.
 */
class RedactionCorpusTest {
  private static final String[] FILES = {
    "generated.jsonl", "tricky.jsonl", "leak-tuning.jsonl", "leak-hard-cases.jsonl"
  };
  private static final RedactionEngine ENGINE = RedactionEngine.defaults();
  private static final Map<String, String> LABELS = labels();

  private static final List<Entry> corpus = new ArrayList<>();
  private static final Map<String, int[]> perRule = new TreeMap<>(); // rule -> {tp, fn, fp}
  private static int tp;
  private static int fn;
  private static int fp;

  record Entry(String text, List<Expected> expected) {}

  @BeforeAll
  static void score() throws IOException {
    for (String file : FILES) {
      try (InputStream in =
          RedactionCorpusTest.class.getResourceAsStream("/redaction-corpus/" + file)) {
        String lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (JsonNode node : CorpusLines.parse(List.of(lines.split("\n")))) {
          corpus.add(new Entry(node.get("text").asText(), CorpusLines.expected(node)));
        }
      }
    }
    for (String rule : RedactionEngine.builtInRuleNames()) {
      perRule.put(rule, new int[3]);
    }
    for (Entry entry : corpus) {
      List<RedactionMatch> found = new ArrayList<>(ENGINE.find(entry.text()));
      for (Expected e : entry.expected()) {
        RedactionMatch hit =
            found.stream()
                .filter(
                    m ->
                        entry.text().substring(m.start(), m.end()).equals(e.value())
                            && m.rule().label().equals(LABELS.get(e.rule())))
                .findFirst()
                .orElse(null);
        if (hit != null) {
          found.remove(hit);
          perRule.get(e.rule())[0]++;
          tp++;
        } else {
          perRule.get(e.rule())[1]++;
          fn++;
          System.out.println("MISSED " + e + " in: " + entry.text());
        }
      }
      for (RedactionMatch extra : found) {
        perRule.get(extra.rule().name())[2]++;
        fp++;
        System.out.println(
            "FALSE POSITIVE "
                + extra.rule().name()
                + " '"
                + entry.text().substring(extra.start(), extra.end())
                + "' in: "
                + entry.text());
      }
    }
    System.out.println(table());
  }

  private static Map<String, String> labels() {
    Map<String, String> labels = new TreeMap<>();
    for (RedactionRule rule : BuiltInRules.all()) {
      labels.put(rule.name(), rule.label());
    }
    for (RedactionRule rule : BuiltInRules.personalData()) {
      labels.put(rule.name(), rule.label());
    }
    return labels;
  }

  static String table() {
    StringBuilder t =
        new StringBuilder(
            "| rule | TP | FN | FP | recall | precision |\n|---|---:|---:|---:|---:|---:|\n");
    perRule.forEach((rule, c) -> t.append(row(rule, c[0], c[1], c[2])));
    t.append(row("**all**", tp, fn, fp));
    return t.toString();
  }

  private static String row(String rule, int tp, int fn, int fp) {
    return String.format(
        "| %s | %d | %d | %d | %s | %s |%n",
        rule, tp, fn, fp, ratio(tp, tp + fn), ratio(tp, tp + fp));
  }

  private static String ratio(int n, int d) {
    return d == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / d);
  }

  @Test
  void corpusHasAtLeastFiveHundredPositivesAndFiveHundredNegatives() {
    long positives = corpus.stream().mapToLong(e -> e.expected().size()).sum();
    long negatives = corpus.stream().filter(e -> e.expected().isEmpty()).count();

    assertThat(positives).isGreaterThanOrEqualTo(500);
    assertThat(negatives).isGreaterThanOrEqualTo(500);
  }

  @Test
  void everyBuiltInRuleHasPositivesInTheCorpus() {
    assertThat(perRule)
        .allSatisfy((rule, c) -> assertThat(c[0] + c[1]).as(rule).isGreaterThanOrEqualTo(20));
  }

  @Test
  void recallIsAtLeastNinetyNinePercent() {
    assertThat((double) tp / (tp + fn)).as(table()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void precisionIsAtLeastNinetySevenPercent() {
    assertThat((double) tp / (tp + fp)).as(table()).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void committedCorpusIsWhatTheGeneratorProduces() throws IOException {
    String committed = Files.readString(RedactionCorpusGenerator.FILE, StandardCharsets.UTF_8);

    assertThat(committed)
        .isEqualTo(String.join("\n", new RedactionCorpusGenerator().generate()) + "\n");
  }
}
