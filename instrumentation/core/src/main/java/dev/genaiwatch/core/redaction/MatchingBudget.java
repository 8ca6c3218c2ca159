package dev.genaiwatch.core.redaction;

/**
 * The text as user-written patterns see it: every character read is counted, and reading more than
 * the budget aborts the match. Built-in patterns are linear by construction; a user's regex may not
 * be (e.g. {@code (a+)+b}), and an exponential backtrack must cost the application a bounded delay,
 * not a hung thread.
 */
final class MatchingBudget implements CharSequence {
  /**
   * Generous for any linear pattern (a few reads per character per start position), tiny next to
   * 2^n.
   */
  static final long READS_PER_CHAR = 1000;

  private static final long BASE_READS = 100_000;

  private final String text;
  private final long budget;
  private long reads;

  MatchingBudget(String text) {
    this.text = text;
    this.budget = BASE_READS + READS_PER_CHAR * text.length();
  }

  @Override
  public char charAt(int index) {
    if (++reads > budget) {
      throw new Exceeded();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Thrown out of the regex engine; no stack trace, it is expected control flow. */
  static final class Exceeded extends RuntimeException {
    Exceeded() {
      super("regex matching budget exceeded", null, false, false);
    }
  }
}
