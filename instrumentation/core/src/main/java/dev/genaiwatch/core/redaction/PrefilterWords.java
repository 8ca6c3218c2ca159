package dev.genaiwatch.core.redaction;

import java.util.List;

/**
 * The word sets built-in rules use as prefilters (password, auth scheme, AWS secret key and
 * passport words, obfuscated at-signs), looked for together: each used to be one pass over every
 * text, and on a clean prompt those passes were a third of the redaction time. {@link TextChars}
 * asks {@link #UNION} once per text, at the first rule that needs a word. A set not listed here is
 * still a valid prefilter: it scans the text on its own.
 */
final class PrefilterWords {
  private static final List<WordSet> SETS =
      List.of(
          BuiltInRules.PASSWORD_WORDS,
          BuiltInRules.AUTH_SCHEMES,
          AwsSecretKey.CONTEXT.words(),
          NationalNumberRules.PASSPORT_WORDS.words(),
          NationalNumberRules.OBFUSCATED_AT);

  /** Bit {@code i} of its {@link WordSet#occurrences}: the {@code i}th set occurs. */
  static final WordSet UNION = WordSet.union(SETS);

  private PrefilterWords() {}

  /** The sets, in the order of their bits. */
  static List<WordSet> sets() {
    return SETS;
  }

  /** {@code set}'s bit in {@link #UNION}'s occurrences, or -1 when it is not one of its sets. */
  static int bitOf(WordSet set) {
    for (int i = 0; i < SETS.size(); i++) {
      if (SETS.get(i) == set) {
        return i;
      }
    }
    return -1;
  }
}
