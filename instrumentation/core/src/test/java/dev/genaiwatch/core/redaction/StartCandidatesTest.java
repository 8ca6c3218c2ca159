package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A rule that tries its pattern only at candidate start indices must find exactly what the same
 * pattern finds scanning the whole text: the candidates are an optimisation, never a change of what
 * is redacted.
 */
class StartCandidatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> texts() throws IOException {
    List<String> texts = new ArrayList<>();
    for (String file :
        List.of(
            "generated.jsonl",
            "tricky.jsonl",
            "leak-tuning.jsonl",
            "leak-hard-cases.jsonl",
            "leak-heldout.jsonl",
            "heldout-hand-written.jsonl")) {
      for (String line : Files.readAllLines(Path.of("src/test/resources/redaction-corpus", file))) {
        if (!line.isBlank()) {
          texts.add(JSON.readTree(line).path("text").asText());
        }
      }
    }
    // Noise around the numbers and separators the candidate rules look for.
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "0123456789abcdefABCDEFXx:.+-/ _#@\n一\"'=pPsSkK()[]密码是IP";
    for (int t = 0; t < 3000; t++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(60);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      texts.add(text.toString());
    }
    return texts;
  }

  /**
   * Given the text's characters and word starts ({@link TextChars}), a rule skips only texts with
   * no character its match can start with, and visits only word starts only if its matches cannot
   * start elsewhere (an IPv4 address right after "IP" does).
   */
  @Test
  void givenTheTextsCharactersARuleFindsWhatItFindsWithoutThem() throws IOException {
    List<String> texts = texts();
    List<RedactionRule> rules = new ArrayList<>(BuiltInRules.all());
    rules.addAll(BuiltInRules.personalData());
    int matched = 0;
    for (RedactionRule rule : rules) {
      if (!(rule instanceof PatternRule patternRule)) {
        continue;
      }
      for (String text : texts) {
        List<RedactionMatch> scanned = new ArrayList<>();
        List<RedactionMatch> withChars = new ArrayList<>();
        patternRule.findIn(text, scanned);
        patternRule.findIn(text, TextChars.of(text), withChars);
        assertThat(spans(withChars)).as(rule.name() + " in " + text).isEqualTo(spans(scanned));
        matched += scanned.size();
      }
    }
    assertThat(matched).as("the texts hold values the rules find").isGreaterThan(1000);
  }

  @Test
  void everyAnchoredRuleFindsWhatItsWholeTextScanFinds() throws IOException {
    List<String> texts = texts();
    Set<String> rulesThatMatched = new TreeSet<>();
    List<RedactionRule> rules = new ArrayList<>(BuiltInRules.all());
    rules.addAll(BuiltInRules.personalData());
    for (RedactionRule rule : rules) {
      if (!(rule instanceof PatternRule anchored)) {
        continue;
      }
      PatternRule everyIndex = anchored.scanningEveryIndex();
      for (String text : texts) {
        List<RedactionMatch> expected = new ArrayList<>();
        List<RedactionMatch> actual = new ArrayList<>();
        everyIndex.findIn(text, expected);
        anchored.findIn(text, actual);
        assertThat(spans(actual)).as(rule.name() + " in " + text).isEqualTo(spans(expected));
        if (!actual.isEmpty()) {
          rulesThatMatched.add(rule.name());
        }
      }
    }
    assertThat(rulesThatMatched)
        .as("the texts exercise every rule with start candidates")
        .contains(
            "iban",
            "cn_id",
            "payment_card",
            "cn_mobile",
            "phone_e164",
            "ipv6",
            "ipv4",
            "jwt",
            "openai_key",
            "aws_access_key",
            "github_token",
            "gitlab_token",
            "slack_token",
            "connection_credentials",
            "password",
            "bearer_token",
            "google_api_key",
            "stripe_key",
            "huggingface_token",
            "azure_sas",
            "azure_account_key",
            "slack_webhook",
            "aws_secret_key",
            "ssn",
            "passport",
            "phone_national",
            "email_obfuscated");
  }

  private static List<String> spans(List<RedactionMatch> matches) {
    return matches.stream().map(m -> m.start() + "-" + m.end()).toList();
  }
}
