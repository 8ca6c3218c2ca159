package dev.genaiwatch.processor.drift;

import dev.genaiwatch.evaluation.GenAiMessages;
import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * What drift looks at in one call: the numeric features (NaN when the span does not carry them,
 * e.g. TTFT of a non-streamed call) and the categorical ones ({@code none} when absent).
 */
public record CallFeatures(double[] numeric, String[] categorical) {
  static final String NONE = "none";

  public double value(NumericFeature feature) {
    return numeric[feature.ordinal()];
  }

  public String category(CategoricalFeature feature) {
    return categorical[feature.ordinal()];
  }

  /** Features of a call span; {@code promptText} is the already extracted prompt (may be empty). */
  static CallFeatures of(
      List<KeyValue> attributes, long startNanos, long endNanos, String promptText) {
    double[] numeric = new double[NumericFeature.values().length];
    Arrays.fill(numeric, Double.NaN);
    double input = GenAiSpans.number(attributes, "gen_ai.usage.input_tokens");
    double output = GenAiSpans.number(attributes, "gen_ai.usage.output_tokens");
    double cached = GenAiSpans.number(attributes, "gen_ai.usage.cache_read.input_tokens");
    numeric[NumericFeature.INPUT_TOKENS.ordinal()] = input;
    numeric[NumericFeature.OUTPUT_TOKENS.ordinal()] = output;
    numeric[NumericFeature.DURATION.ordinal()] =
        endNanos > startNanos ? (endNanos - startNanos) / 1e9 : Double.NaN;
    numeric[NumericFeature.TIME_TO_FIRST_CHUNK.ordinal()] =
        GenAiSpans.number(attributes, "gen_ai.response.time_to_first_chunk");
    numeric[NumericFeature.OUTPUT_TOKENS_PER_SECOND.ordinal()] =
        GenAiSpans.number(attributes, "genai_watch.output_tokens_per_second");
    numeric[NumericFeature.PROMPT_LENGTH.ordinal()] =
        promptText.isEmpty() ? Double.NaN : promptText.codePointCount(0, promptText.length());
    // No cache report means no cache hit as far as the server told us.
    numeric[NumericFeature.CACHED_TOKEN_RATIO.ordinal()] =
        input > 0 ? (Double.isNaN(cached) ? 0 : cached) / input : Double.NaN;
    String finish = GenAiSpans.firstString(attributes, "gen_ai.response.finish_reasons");
    String error = GenAiSpans.string(attributes, "error.type");
    String[] categorical = new String[CategoricalFeature.values().length];
    categorical[CategoricalFeature.FINISH_REASON.ordinal()] = finish == null ? NONE : finish;
    categorical[CategoricalFeature.ERROR_TYPE.ordinal()] = error == null ? NONE : error;
    return new CallFeatures(numeric, categorical);
  }

  /** One judge score as an observation of an evaluation key: every other feature absent. */
  static CallFeatures ofJudgeScore(double score) {
    double[] numeric = new double[NumericFeature.values().length];
    Arrays.fill(numeric, Double.NaN);
    numeric[NumericFeature.JUDGE_SCORE.ordinal()] = score;
    String[] categorical = new String[CategoricalFeature.values().length];
    Arrays.fill(categorical, NONE);
    return new CallFeatures(numeric, categorical);
  }

  /**
   * The text parts of a semconv messages attribute ({@code gen_ai.input.messages} / {@code
   * gen_ai.output.messages}), joined by newlines; empty when content capture was off or the JSON is
   * not the expected shape.
   */
  static String messagesText(List<KeyValue> attributes, String key) {
    return GenAiMessages.text(GenAiSpans.string(attributes, key), null);
  }
}
