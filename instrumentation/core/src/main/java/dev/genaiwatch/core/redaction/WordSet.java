package dev.genaiwatch.core.redaction;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A few lower-case words found in a text ignoring case (as Unicode folds it), in one scan without
 * copying the text: the prefilter of the rules that need a word (password, bearer, passport, AWS
 * secret key, ...). A table of the words' first characters lets the scan skip a character with one
 * array lookup, so each added rule's prefilter costs about one pass over the text rather than one
 * pass per word; and the prefilter sets' {@link #union} finds which of them occur in one pass for
 * all ({@link PrefilterWords}).
 */
final class WordSet implements Predicate<String> {
  private final String[] words;

  /**
   * For each word, the sets of a {@link #union} it belongs to, one bit each; 1 for every word of a
   * plain set.
   */
  private final long[] wordSets;

  /** Every set a word belongs to: {@link #occurrences} is done once they have all been seen. */
  private final long allSets;

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
    this(words.clone(), ones(words.length));
  }

  private WordSet(String[] words, long[] wordSets) {
    this.words = words;
    this.wordSets = wordSets;
    long all = 0;
    for (long bits : wordSets) {
      all |= bits;
    }
    this.allSets = all;
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

  private static long[] ones(int n) {
    long[] bits = new long[n];
    Arrays.fill(bits, 1L);
    return bits;
  }

  /**
   * The words of all {@code sets} (at most 64) as one set whose {@link #occurrences} tell which of
   * them occur: bit {@code i} for {@code sets.get(i)}.
   */
  static WordSet union(List<WordSet> sets) {
    if (sets.size() > 64) {
      throw new IllegalArgumentException("a union holds at most 64 sets");
    }
    Map<String, Long> bits = new LinkedHashMap<>();
    for (int i = 0; i < sets.size(); i++) {
      for (String word : sets.get(i).words) {
        bits.merge(word, 1L << i, (a, b) -> a | b);
      }
    }
    String[] words = bits.keySet().toArray(new String[0]);
    long[] wordSets = new long[words.length];
    for (int w = 0; w < words.length; w++) {
      wordSets[w] = bits.get(words[w]);
    }
    return new WordSet(words, wordSets);
  }

  /** The words, lower case. */
  List<String> words() {
    return List.of(words);
  }

  /** {@link #occursIn(String)}: the set as a rule's prefilter. */
  @Override
  public boolean test(String text) {
    return occursIn(text);
  }

  /**
   * For a {@link #union}: which of its sets have a word in {@code text}, bit {@code i} for the
   * {@code i}th set. One pass, ended early once every set has been seen.
   */
  long occurrences(String text) {
    return scan(text, 0, text.length(), allSets);
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
    return scan(text, from, to, 1L) != 0;
  }

  /**
   * The sets ({@link #wordSets}) of the words found whole within {@code text[from, to)}, returned
   * as soon as they include all of {@code enough}.
   */
  private long scan(String text, int from, int to, long enough) {
    long found = 0;
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
      for (int w = 0; w < words.length; w++) {
        String word = words[w];
        if (word.charAt(0) == folded
            && (word.length() == 1 || word.charAt(1) == next)
            && i + word.length() <= to
            && restMatches(text, i, word)) {
          found |= wordSets[w];
          if ((found & enough) == enough) {
            return found;
          }
        }
      }
    }
    return found;
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
