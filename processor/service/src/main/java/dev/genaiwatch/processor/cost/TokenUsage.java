package dev.genaiwatch.processor.cost;

import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * The billable token counts of one call, split the way prices are: per the span contract {@code
 * gen_ai.usage.input_tokens} counts cached and cache-written tokens too, and {@code
 * gen_ai.usage.output_tokens} counts reasoning tokens too, so each part is taken out of its total
 * once.
 */
public record TokenUsage(
    long uncachedInput, long cachedInput, long cacheWrite, long visibleOutput, long reasoning) {

  static final String INPUT = "gen_ai.usage.input_tokens";
  static final String OUTPUT = "gen_ai.usage.output_tokens";
  static final String CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
  static final String CACHE_WRITE = "gen_ai.usage.cache_creation.input_tokens";
  static final String REASONING = "gen_ai.usage.reasoning.output_tokens";

  /** Null when the span reports neither input nor output tokens. */
  static TokenUsage of(List<KeyValue> attributes) {
    double input = GenAiSpans.number(attributes, INPUT);
    double output = GenAiSpans.number(attributes, OUTPUT);
    if (Double.isNaN(input) && Double.isNaN(output)) {
      return null;
    }
    return split(
        count(input),
        count(GenAiSpans.number(attributes, CACHE_READ)),
        count(GenAiSpans.number(attributes, CACHE_WRITE)),
        count(output),
        count(GenAiSpans.number(attributes, REASONING)));
  }

  /**
   * From the reported totals; a part larger than its total (a sender's inconsistency) is capped so
   * no count turns negative.
   */
  public static TokenUsage split(
      long input, long cachedInput, long cacheWrite, long output, long reasoning) {
    long cached = Math.min(cachedInput, input);
    long written = Math.min(cacheWrite, input - cached);
    long thinking = Math.min(reasoning, output);
    return new TokenUsage(input - cached - written, cached, written, output - thinking, thinking);
  }

  private static long count(double value) {
    return Double.isNaN(value) || value < 0 ? 0 : (long) value;
  }
}
