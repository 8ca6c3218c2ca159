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
}
