package dev.genaiwatch.core.content;

/**
 * Removes secrets and personal data from captured text before it goes on a span. Implementations
 * must be thread-safe, must not keep what they removed, and must run in time linear in the input.
 */
public interface Redactor {

  /**
   * Returns {@code text} with every sensitive value replaced by a placeholder, and adds the number
   * of replacements to {@code counter}.
   */
  String redact(String text, RedactionCounter counter);

  /**
   * The first {@code keep} characters of {@code text} redacted (all of it when the redacted text is
   * shorter), for a caller that keeps no more than that: an implementation may scan only as much of
   * a long text as those characters depend on. {@code counter} gets the replacements found in what
   * was scanned.
   */
  default String redactPrefix(String text, int keep, RedactionCounter counter) {
    String all = redact(text, counter);
    return all == null || all.length() <= keep ? all : all.substring(0, keep);
  }

  /** Counts replacements across the texts of one span; only the count is ever recorded. */
  final class RedactionCounter {
    private long count;

    public void add(long n) {
      count += n;
    }

    public long count() {
      return count;
    }
  }
}
