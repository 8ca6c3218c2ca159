package dev.genaiwatch.core.redaction;

/**
 * The ASCII characters a text contains, and whether it contains any other, found in one pass for
 * all rules: a rule whose match can only start at a few characters (a digit, {@code +}, {@code @},
 * {@code s} of {@code sk-}) skips a text that has none of them without scanning it. Most of a
 * prompt's rules are skipped this way, and on a short prompt the per-rule scans, not the patterns,
 * were most of the redaction time.
 *
 * @param low bit {@code c} set: the text contains ASCII character {@code c} (0-63)
 * @param high bit {@code c - 64} set: the text contains ASCII character {@code c} (64-127)
 * @param other the text contains a character outside ASCII
 */
record TextChars(long low, long high, boolean other) {
  static TextChars of(String text) {
    long low = 0;
    long high = 0;
    boolean other = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 64) {
        low |= 1L << c;
      } else if (c < 128) {
        high |= 1L << (c - 64);
      } else {
        other = true;
      }
    }
    return new TextChars(low, high, other);
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
}
