package dev.genaiwatch.processor.drift;

/**
 * The per-call numbers whose distribution drift is watched; names are the {@code
 * genai_watch.drift.feature} values.
 */
public enum NumericFeature {
  INPUT_TOKENS("input_tokens"),
  OUTPUT_TOKENS("output_tokens"),
  DURATION("duration"),
  TIME_TO_FIRST_CHUNK("time_to_first_chunk"),
  OUTPUT_TOKENS_PER_SECOND("output_tokens_per_second"),
  PROMPT_LENGTH("prompt_length"),
  CACHED_TOKEN_RATIO("cached_token_ratio"),
  /**
   * A judge's score of the answer: only on the per-rubric evaluation keys (output-quality drift).
   */
  JUDGE_SCORE("judge_score"),
  /**
   * How far the prompt's words lie from the reference's: the cosine distance of its {@link
   * TextSketch} to the key's lexical centroid (see {@link LexicalReference}). Last, so that older
   * state files, which list features by position, still read.
   */
  PROMPT_LEXICAL("prompt_lexical");

  private final String featureName;

  NumericFeature(String featureName) {
    this.featureName = featureName;
  }

  public String featureName() {
    return featureName;
  }
}
