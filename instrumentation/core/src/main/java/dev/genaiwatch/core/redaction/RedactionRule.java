package dev.genaiwatch.core.redaction;

import java.util.List;

/**
 * One kind of sensitive value. A rule reports candidate spans; the engine decides, by rule
 * priority, which of the overlapping candidates are replaced.
 */
public interface RedactionRule {

  /**
   * The name used in configuration ({@code genai.watch.redaction.disabled.rules}) and in reports.
   */
  String name();

  /** The placeholder label: {@code EMAIL} becomes {@code <EMAIL>} or {@code <EMAIL:3f9a1c2b>}. */
  String label();

  /** Adds every validated span of {@code text} this rule would replace to {@code out}. */
  void findIn(String text, List<RedactionMatch> out);

  /**
   * As {@link #findIn(String, List)}, given the characters {@code text} holds (found once by the
   * engine for all rules): a rule may skip a text that holds none of the characters its matches
   * start with.
   */
  default void findIn(String text, TextChars chars, List<RedactionMatch> out) {
    findIn(text, out);
  }
}
