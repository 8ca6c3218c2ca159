package dev.genaiwatch.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingMetrics;
import java.util.List;

/** The contract's client metrics, with the contract's explicit bucket boundaries. */
final class GenAiMetrics {
  static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  static final List<Double> TPS_BUCKETS =
      List.of(1d, 2d, 5d, 10d, 20d, 50d, 100d, 200d, 500d, 1000d, 2000d);

  final DoubleHistogram duration;
  final LongHistogram tokenUsage;
  final DoubleHistogram timeToFirstChunk;
  final DoubleHistogram timePerOutputChunk;
  final DoubleHistogram outputTokensPerSecond;
  // The contract's token histogram has only input/output types; the KV-cache hit ratio needs the
  // cached share
  // of the input, so it gets its own histogram (ratio = its sum / the input tokens' sum).
  final LongHistogram cacheReadInputTokens;

  GenAiMetrics(Meter meter) {
    duration =
        meter
            .histogramBuilder(GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_DURATION_NAME)
            .setUnit("s")
            .setDescription(GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_DURATION_DESCRIPTION)
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    tokenUsage =
        meter
            .histogramBuilder(GenAiIncubatingMetrics.GEN_AI_CLIENT_TOKEN_USAGE_NAME)
            .setUnit("{token}")
            .setDescription(GenAiIncubatingMetrics.GEN_AI_CLIENT_TOKEN_USAGE_DESCRIPTION)
            .ofLongs()
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
    timeToFirstChunk =
        meter
            .histogramBuilder(
                GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK_NAME)
            .setUnit("s")
            .setDescription(
                GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK_DESCRIPTION)
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    timePerOutputChunk =
        meter
            .histogramBuilder(
                GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK_NAME)
            .setUnit("s")
            .setDescription(
                GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK_DESCRIPTION)
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    outputTokensPerSecond =
        meter
            .histogramBuilder(GenAiWatchAttributes.METRIC_OUTPUT_TOKENS_PER_SECOND)
            .setUnit("{token}/s")
            .setDescription(
                "Output tokens per second of a response (after the first chunk, for streams)")
            .setExplicitBucketBoundariesAdvice(TPS_BUCKETS)
            .build();
    cacheReadInputTokens =
        meter
            .histogramBuilder(GenAiWatchAttributes.METRIC_CACHE_READ_INPUT_TOKENS)
            .setUnit("{token}")
            .setDescription(
                "Input tokens served from the model server's prefix (KV) cache, when reported")
            .ofLongs()
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
  }

  static final Attributes INPUT =
      Attributes.of(
          GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE,
          GenAiIncubatingAttributes.GenAiTokenTypeIncubatingValues.INPUT);
  static final Attributes OUTPUT =
      Attributes.of(
          GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE,
          GenAiIncubatingAttributes.GenAiTokenTypeIncubatingValues.OUTPUT);
}
