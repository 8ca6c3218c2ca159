package dev.genaiwatch.core.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Looking for all prefilter word sets in one pass answers, for each set, exactly what that set's
 * own scan answers: the union is an optimisation, never a change of which rules run.
 */
class PrefilterWordsTest {

  /** The redaction corpus, and noise made of the words' pieces in both cases. */
  private static List<String> texts() throws IOException {
    List<String> texts = new ArrayList<>(StartCandidatesTest.texts());
    List<String> pieces = new ArrayList<>();
    for (WordSet set : PrefilterWords.sets()) {
      for (String word : set.words()) {
        pieces.add(word);
        pieces.add(word.toUpperCase(java.util.Locale.ROOT));
        pieces.add(word.substring(0, word.length() - 1));
      }
    }
    pieces.addAll(List.of(" ", "_", "x", "1", "\n", "é", "İ"));
    SplittableRandom random = new SplittableRandom(5);
    for (int t = 0; t < 3000; t++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(8);
      for (int i = 0; i < length; i++) {
        text.append(pieces.get(random.nextInt(pieces.size())));
      }
      texts.add(text.toString());
    }
    return texts;
  }

  @Test
  void eachSetOccursInATextExactlyWhenItsOwnScanFindsIt() throws IOException {
    int found = 0;
    int checked = 0;
    for (String text : texts()) {
      TextChars chars = TextChars.of(text);
      for (WordSet set : PrefilterWords.sets()) {
        boolean alone = set.occursIn(text);
        assertThat(chars.holds(set)).as(text).isEqualTo(alone);
        found += alone ? 1 : 0;
        checked++;
      }
    }
    assertThat(found).as("texts with the words").isGreaterThan(checked / 10);
    assertThat(found).as("texts without them").isLessThan(checked * 9 / 10);
  }

  @Test
  void aSetOutsideTheUnionScansTheTextOnItsOwn() {
    WordSet other = new WordSet("invoice");

    assertThat(TextChars.of("your INVOICE is attached").holds(other)).isTrue();
    assertThat(TextChars.of("your receipt is attached").holds(other)).isFalse();
  }

  @Test
  void theUnionTellsEverySetThatOccursNotJustTheFirst() {
    long occurrences = PrefilterWords.UNION.occurrences("Bearer abc, then my passport and pwd");

    assertThat(occurrences)
        .isEqualTo(
            1L << PrefilterWords.bitOf(BuiltInRules.AUTH_SCHEMES)
                | 1L << PrefilterWords.bitOf(NationalNumberRules.PASSPORT_WORDS.words())
                | 1L << PrefilterWords.bitOf(BuiltInRules.PASSWORD_WORDS));
  }
}
