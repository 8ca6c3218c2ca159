package dev.genaiwatch.processor.drift.quality;

import java.util.List;

/** A change of the synthetic traffic, and the features whose alarm counts as detecting it. */
public enum Shift {
  NONE(List.of()),
  INPUT_TOKENS_X1_5(List.of("input_tokens")),
  INPUT_TOKENS_X1_15(List.of("input_tokens")),
  OUTPUT_TOKENS_X0_6(List.of("output_tokens")),
  FINISH_LENGTH_5_TO_25(List.of("finish_reason")),
  ERRORS_1_TO_10(List.of("error_type")),
  TTFT_X2(List.of("time_to_first_chunk")),
  /**
   * Detected by the prompt's words (the lexical sketch, on every call) and by the prompt embedding
   * (sampled; the harness turns it on only where the report says so).
   */
  TOPIC(List.of("prompt_lexical", "prompt_embedding")),
  LANGUAGE(List.of("prompt_lexical", "prompt_embedding")),
  /**
   * Held out: cooking questions, written after the embedding design was frozen and run only by the
   * report.
   */
  TOPIC_HELD_OUT(List.of("prompt_lexical", "prompt_embedding")),
  /** Held out: the support questions in French and Spanish, as above. */
  LANGUAGE_HELD_OUT(List.of("prompt_lexical", "prompt_embedding"));

  final List<String> expectedFeatures;

  Shift(List<String> expectedFeatures) {
    this.expectedFeatures = expectedFeatures;
  }

  /** The numeric and categorical shifts, which the call features must detect within the target. */
  boolean callFeatureShift() {
    return this != NONE && !embeddingShift();
  }

  /** The topic and language shifts, which the prompt's words and embedding must detect. */
  boolean embeddingShift() {
    return expectedFeatures.contains("prompt_embedding");
  }
}
