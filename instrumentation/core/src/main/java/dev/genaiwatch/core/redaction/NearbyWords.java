package dev.genaiwatch.core.redaction;

/**
 * Whether one of a few context words occurs near a value: the only thing that tells a 9-digit SSN
 * or passport number, or a 40-character AWS secret key, from an order number or a hash. Words are
 * lower case and matched ignoring case; the window is counted in characters and may cross line
 * breaks (a CSV header names the column on the line above), although no match itself does.
 */
final class NearbyWords {
  private final WordSet words;
  private final int before;
  private final int after;

  NearbyWords(int before, int after, String... words) {
    this.words = new WordSet(words);
    this.before = before;
    this.after = after;
  }

  /**
   * A context check for {@link PatternRule#when}: one of the words within the window around the
   * value.
   */
  boolean accepts(String text, int start, int end) {
    return words.occursIn(text, Math.max(0, start - before), start)
        || words.occursIn(text, end, Math.min(text.length(), end + after));
  }

  /** The words, as the rule's prefilter: one of them anywhere in the text. */
  WordSet words() {
    return words;
  }
}
