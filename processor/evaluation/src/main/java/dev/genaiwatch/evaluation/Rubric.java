package dev.genaiwatch.evaluation;

import java.util.Set;

/**
 * One judge rubric: the system prompt sent to the judge and the shape of an acceptable verdict.
 *
 * @param labels accepted labels; empty accepts any non-blank label
 * @param needsContext evaluated only on RAG calls (those with retrieved documents)
 */
record Rubric(
    String name,
    String prompt,
    double minScore,
    double maxScore,
    Set<String> labels,
    boolean needsContext) {

  /**
   * The built-in rubrics' verdict shapes; the prompt text comes from a resource or the override
   * directory.
   */
  static Rubric builtIn(String name, String prompt) {
    return switch (name) {
      case "relevance" -> new Rubric(name, prompt, 0, 5, Set.of(), false);
      case "groundedness" -> new Rubric(name, prompt, 0, 5, Set.of(), true);
      case "hallucination" -> new Rubric(name, prompt, 0, 1, Set.of("yes", "no"), false);
      default ->
          throw new IllegalArgumentException(
              "genai-watch evaluation: unknown rubric '"
                  + name
                  + "'; known: relevance, groundedness, hallucination");
    };
  }
}
