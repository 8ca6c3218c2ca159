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
 *       instead of every one; a rule whose matches start with a digit, {@code +} or {@code (}
 *       visits only the word starts at one of those, its {@link #numberStarts}, fewer still.
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

  private static final ThreadLocal<int[]> NUMBER_STARTS =
      ThreadLocal.withInitial(() -> new int[64]);

  /** Bit {@code c} set: the text contains ASCII character {@code c} (0-63). */
  private final long low;

  /** Bit {@code c - 64} set: the text contains ASCII character {@code c} (64-127). */
  private final long high;

  /** The text contains a character outside ASCII. */
  private final boolean other;

  private final int[] wordStarts;
  private final int wordStartCount;
  private final int[] numberStarts;
  private final int numberStartCount;

  private final String text;

  /** {@link PrefilterWords#UNION}'s occurrences in the text, once a rule asked. */
  private long prefilterWords;

  private boolean prefilterWordsFound;

  private TextChars(
      String text,
      long low,
      long high,
      boolean other,
      int[] wordStarts,
      int wordStartCount,
      int[] numberStarts,
      int numberStartCount) {
    this.text = text;
    this.numberStarts = numberStarts;
    this.numberStartCount = numberStartCount;
    this.low = low;
    this.high = high;
    this.other = other;
    this.wordStarts = wordStarts;
    this.wordStartCount = wordStartCount;
  }

  static TextChars of(String text) {
    int length = text.length();
    int[] starts = buffer(STARTS, length);
    int[] numbers = buffer(NUMBER_STARTS, length);
    int numberCount = 0;
    long low = 0;
    long high = 0;
    boolean other = false;
    int count = 0;
    boolean afterLetterOrDigit = false;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!afterLetterOrDigit) {
        starts[count++] = i;
        if (startsNumber(c)) {
          numbers[numberCount++] = i;
        }
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
    return new TextChars(text, low, high, other, starts, count, numbers, numberCount);
  }

  /** This thread's buffer of {@code local} if it holds {@code length} indices, else a new one. */
  private static int[] buffer(ThreadLocal<int[]> local, int length) {
    int[] buffer = local.get();
    if (buffer.length < length) {
      buffer = new int[length];
      if (length <= REUSED_STARTS) {
        local.set(buffer);
      }
    }
    return buffer;
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

  /**
   * The word starts at an ASCII digit, {@code +} or {@code (}: the first {@link #numberStartCount}
   * entries.
   */
  int[] numberStarts() {
    return numberStarts;
  }

  int numberStartCount() {
    return numberStartCount;
  }

  /** The characters {@link #numberStarts} are at. */
  static boolean startsNumber(char c) {
    return c >= '0' && c <= '9' || c == '+' || c == '(';
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
