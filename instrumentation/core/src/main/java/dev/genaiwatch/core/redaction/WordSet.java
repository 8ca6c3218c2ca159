package dev.genaiwatch.core.redaction;

/**
 * A few lower-case words found in a text ignoring case (as Unicode folds it), in one scan without
 * copying the text: the prefilter of the rules that need a word (password, bearer, passport, AWS
 * secret key, ...). A table of the words' first characters lets the scan skip a character with one
 * array lookup, so each added rule's prefilter costs about one pass over the text rather than one
 * pass per word.
 */
final class WordSet {
  private final String[] words;
  private final boolean[] asciiFirst = new boolean[128];
  private final StringBuilder otherFirst = new StringBuilder();

  /**
   * The words' first two letters where both are ASCII, one bit per pair ({@code first * 128 +
   * second}): in prose most letters that start a word of the set ("t" of token, "s" of secret) are
   * followed by another letter than the word's, and one lookup rejects them.
   */
  private final long[] asciiPairs = new long[128 * 2];

  /** ASCII first letters of a word with one letter, or a second letter outside ASCII. */
  private final boolean[] notPaired = new boolean[128];

  WordSet(String... words) {
    this.words = words.clone();
    for (String word : words) {
      char first = word.charAt(0);
      if (first < 0x80) {
        asciiFirst[first] = true;
        if (word.length() > 1 && word.charAt(1) < 0x80) {
          int pair = first * 128 + word.charAt(1);
          asciiPairs[pair >> 6] |= 1L << (pair & 63);
        } else {
          notPaired[first] = true;
        }
      } else if (otherFirst.indexOf(String.valueOf(first)) < 0) {
        otherFirst.append(first);
      }
    }
  }

  private static char fold(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /** Whether any of the words occurs in {@code text}. */
  boolean occursIn(String text) {
    return occursIn(text, 0, text.length());
  }

  /** Whether any of the words occurs whole within {@code text[from, to)}. */
  boolean occursIn(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      char folded;
      if (c < 0x80) {
        folded = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        if (!asciiFirst[folded]) {
          continue;
        }
      } else {
        folded = Character.toLowerCase(Character.toUpperCase(c));
        if (folded < 0x80 ? !asciiFirst[folded] : otherFirst.indexOf(String.valueOf(folded)) < 0) {
          continue;
        }
      }
      char next = i + 1 < to ? fold(text.charAt(i + 1)) : 0;
      if (folded < 0x80 && !notPaired[folded] && !pairs(folded, next)) {
        continue;
      }
      for (String word : words) {
        if (word.charAt(0) == folded
            && (word.length() == 1 || word.charAt(1) == next)
            && i + word.length() <= to
            && restMatches(text, i, word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a word of the set starts with ASCII letters {@code first}, {@code second}. */
  private boolean pairs(char first, char second) {
    if (second >= 0x80) {
      return false;
    }
    int pair = first * 128 + second;
    return (asciiPairs[pair >> 6] & (1L << (pair & 63))) != 0;
  }

  /**
   * Whether {@code text} from {@code i} continues as {@code word} past the two characters already
   * compared, folded as the first two were: {@code String.regionMatches(true, ...)} upper- and
   * lower-cases every character through the Unicode tables, and a word's first two letters are
   * common in prose ("to" for token, "se" for secret), so that was most of the prefilter's time.
   */
  private static boolean restMatches(String text, int i, String word) {
    for (int j = 2; j < word.length(); j++) {
      if (fold(text.charAt(i + j)) != word.charAt(j)) {
        return false;
      }
    }
    return true;
  }
}
