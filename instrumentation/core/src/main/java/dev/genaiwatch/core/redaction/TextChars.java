package dev.genaiwatch.core.redaction;

/**
 * What every rule asks of a text, found once for all of them:
 *
 * <ul>
 *   <li>the ASCII characters it contains, and whether it contains any other: a rule whose match can
 *       only start at a few characters (a digit, {@code +}, {@code @}, {@code s} of {@code sk-})
 *       skips a text that has none of them without scanning it. Most of a prompt's rules are
 *       skipped this way, and on a short prompt the per-rule scans, not the patterns, were most of
 *       the redaction time.
 *   <li>its word starts, the indices not right after an ASCII letter or digit: most rules' patterns
 *       open with a lookbehind that rules a match out anywhere else, and such a rule ({@link
 *       PatternRule#atWordStarts}) visits these indices only, a fifth of the text's in prose,
 *       instead of every one.
 *   <li>which of the prefilter words occur ({@link PrefilterWords}), at the first rule that asks.
 * </ul>
 *
 * Made and used by one thread, within one {@link RedactionEngine#find}.
 */
final class TextChars {
  /**
   * Word-start buffers up to this many indices are kept per thread and reused; a longer text gets
   * its own.
   */
  private static final int REUSED_STARTS = 16_384;

  private static final ThreadLocal<int[]> STARTS = ThreadLocal.withInitial(() -> new int[256]);

  /** Bit {@code c} set: the text contains ASCII character {@code c} (0-63). */
  private final long low;

  /** Bit {@code c - 64} set: the text contains ASCII character {@code c} (64-127). */
  private final long high;

  /** The text contains a character outside ASCII. */
  private final boolean other;

  private final int[] wordStarts;
  private final int wordStartCount;

  private final String text;

  /** {@link PrefilterWords#UNION}'s occurrences in the text, once a rule asked. */
  private long prefilterWords;

  private boolean prefilterWordsFound;

  private TextChars(
      String text, long low, long high, boolean other, int[] wordStarts, int wordStartCount) {
    this.text = text;
    this.low = low;
    this.high = high;
    this.other = other;
    this.wordStarts = wordStarts;
    this.wordStartCount = wordStartCount;
  }

  static TextChars of(String text) {
    int length = text.length();
    int[] starts = STARTS.get();
    if (starts.length < length) {
      starts = new int[length];
      if (length <= REUSED_STARTS) {
        STARTS.set(starts);
      }
    }
    long low = 0;
    long high = 0;
    boolean other = false;
    int count = 0;
    boolean afterLetterOrDigit = false;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!afterLetterOrDigit) {
        starts[count++] = i;
      }
      if (c < 64) {
        low |= 1L << c;
        afterLetterOrDigit = c >= '0' && c <= '9';
      } else if (c < 128) {
        high |= 1L << (c - 64);
        afterLetterOrDigit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
      } else {
        other = true;
        afterLetterOrDigit = false;
      }
    }
    return new TextChars(text, low, high, other, starts, count);
  }

  /** The characters of a rule's first-character set, as the two words {@link #mayContain} takes. */
  static long[] mask(boolean[] ascii) {
    long[] mask = new long[2];
    for (int c = 0; c < ascii.length; c++) {
      if (ascii[c]) {
        mask[c >> 6] |= 1L << (c & 63);
      }
    }
    return mask;
  }

  /**
   * Whether the text may contain one of the characters of {@code mask} ({@link #mask}), or, when
   * {@code orOther}, any character outside ASCII.
   */
  boolean mayContain(long[] mask, boolean orOther) {
    return (low & mask[0]) != 0 || (high & mask[1]) != 0 || (orOther && other);
  }

  /**
   * The indices {@code i} of the text with {@code i == 0} or no ASCII letter or digit at {@code i -
   * 1}, ascending: the first {@link #wordStartCount} entries (the array may be longer).
   */
  int[] wordStarts() {
    return wordStarts;
  }

  int wordStartCount() {
    return wordStartCount;
  }

  /** Whether a word of {@code set} occurs in the text ({@link WordSet#occursIn}). */
  boolean holds(WordSet set) {
    int bit = PrefilterWords.bitOf(set);
    if (bit < 0) {
      return set.occursIn(text);
    }
    if (!prefilterWordsFound) {
      prefilterWords = PrefilterWords.UNION.occurrences(text);
      prefilterWordsFound = true;
    }
    return (prefilterWords & (1L << bit)) != 0;
  }
}
