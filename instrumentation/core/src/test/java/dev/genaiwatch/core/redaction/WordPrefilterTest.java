package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The word prefilters of the password and bearer rules answer like the case-insensitive regexes
 * they replaced.
 */
class WordPrefilterTest {
  private static final Pattern PASSWORD_REGEX =
      Pattern.compile(
          "pass|pwd|secret|key|token|密码|口令|密钥|秘钥", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern AUTH_REGEX =
      Pattern.compile("bearer|basic", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static List<String> texts() {
    List<String> texts =
        new ArrayList<>(
            List.of(
                "",
                "k",
                "PASSWORD=x",
                "Authorization: BEARER abc",
                "BaSiC",
                "my passport",
                "monkey",
                "tokens",
                "我的密码是",
                "口令",
                "\u212Aey",
                "pa\u017F\u017F",
                "Secre",
                "toke n",
                "ke",
                "bea rer"));
    SplittableRandom random = new SplittableRandom(5);
    String[] pieces = {
      "pass", "PASS", "sec", "ret", "KEY", "k", "e", "y", "to", "ken", "bearer", "BASIC", "ba",
      "sic", "密", "码", "口", "令", "钥", "秘", "pw", "d", " ", "\u212A", "\u017F", "é", "x"
    };
    for (int t = 0; t < 5000; t++) {
      StringBuilder text = new StringBuilder();
      int parts = random.nextInt(6);
      for (int i = 0; i < parts; i++) {
        String piece = pieces[random.nextInt(pieces.length)];
        text.append(random.nextBoolean() ? piece : piece.toUpperCase(Locale.ROOT));
      }
      texts.add(text.toString());
    }
    return texts;
  }

  static Stream<Arguments> wordSets() {
    return Stream.of(
        Arguments.of("password words", BuiltInRules.PASSWORD_WORDS, PASSWORD_REGEX),
        Arguments.of("auth schemes", BuiltInRules.AUTH_SCHEMES, AUTH_REGEX));
  }

  @ParameterizedTest(name = "{0} are found where the regex finds them")
  @MethodSource("wordSets")
  void wordsAreFoundWhereTheRegexFindsThem(String words, WordSet set, Pattern regex) {
    for (String text : texts()) {
      assertThat(set.occursIn(text)).as(text).isEqualTo(regex.matcher(text).find());
    }
  }
}
