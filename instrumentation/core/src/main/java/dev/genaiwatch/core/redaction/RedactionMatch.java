package dev.genaiwatch.core.redaction;

/** A span of the text that a rule replaces: {@code text.substring(start, end)}. */
public record RedactionMatch(int start, int end, RedactionRule rule) {

  public int length() {
    return end - start;
  }
}
