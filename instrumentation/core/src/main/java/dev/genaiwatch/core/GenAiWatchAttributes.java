package dev.genaiwatch.core;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attributes the GenAI semantic conventions do not define (the {@code genai_watch.} prefix), and
 * the content attributes the conventions define but {@code opentelemetry-semconv-incubating} 1.45
 * does not generate constants for (their type is "any", which the Java generator skips).
 */
public final class GenAiWatchAttributes {
  private GenAiWatchAttributes() {}

  // Content attributes of the GenAI conventions (gen_ai_latest_experimental), JSON per the message
  // schemas.
  public static final AttributeKey<String> GEN_AI_INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  public static final AttributeKey<String> GEN_AI_OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  public static final AttributeKey<String> GEN_AI_SYSTEM_INSTRUCTIONS =
      AttributeKey.stringKey("gen_ai.system_instructions");

  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");

  /** The documents a RAG step retrieved, JSON per the semconv retrieval-documents schema. */
  public static final AttributeKey<String> GEN_AI_RETRIEVAL_DOCUMENTS =
      AttributeKey.stringKey("gen_ai.retrieval.documents");

  /** How many documents a RAG step retrieved (on the framework span that ran it). */
  public static final AttributeKey<Long> RAG_DOCUMENTS =
      AttributeKey.longKey("genai_watch.rag.documents");

  public static final AttributeKey<String> INSTRUMENTATION =
      AttributeKey.stringKey("genai_watch.instrumentation");
  public static final AttributeKey<Boolean> USAGE_ESTIMATED =
      AttributeKey.booleanKey("genai_watch.usage.estimated");
  public static final AttributeKey<Double> OUTPUT_TOKENS_PER_SECOND =
      AttributeKey.doubleKey("genai_watch.output_tokens_per_second");
  public static final AttributeKey<Double> TIME_PER_OUTPUT_TOKEN =
      AttributeKey.doubleKey("genai_watch.time_per_output_token");
  public static final AttributeKey<Double> LOGPROBS_MEAN =
      AttributeKey.doubleKey("genai_watch.logprobs.mean");
  public static final AttributeKey<Double> LOGPROBS_MIN =
      AttributeKey.doubleKey("genai_watch.logprobs.min");
  public static final AttributeKey<Long> LOGPROBS_LOW_CONFIDENCE_TOKENS =
      AttributeKey.longKey("genai_watch.logprobs.low_confidence_tokens");
  public static final AttributeKey<Long> CONTENT_REDACTIONS =
      AttributeKey.longKey("genai_watch.content.redactions");
  public static final AttributeKey<Boolean> CONTENT_TRUNCATED =
      AttributeKey.booleanKey("genai_watch.content.truncated");

  /**
   * Number of chunks a stream delivered (content or not); tells a cut stream from a complete one.
   */
  public static final AttributeKey<Long> STREAM_CHUNKS =
      AttributeKey.longKey("genai_watch.stream.chunks");

  /**
   * Why a stream span ended before the stream completed: {@code closed} by the caller, or {@code
   * error}.
   */
  public static final AttributeKey<String> STREAM_END =
      AttributeKey.stringKey("genai_watch.stream.end");

  // Metric names that are ours.
  public static final String METRIC_OUTPUT_TOKENS_PER_SECOND =
      "genai_watch.client.output_tokens_per_second";
  public static final String METRIC_CACHE_READ_INPUT_TOKENS =
      "genai_watch.client.cache_read.input_tokens";
  public static final String METRIC_INSTRUMENTATION_ERRORS = "genai_watch.instrumentation.errors";
}
