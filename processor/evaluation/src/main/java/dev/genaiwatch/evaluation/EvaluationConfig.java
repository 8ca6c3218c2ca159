package dev.genaiwatch.evaluation;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Evaluation settings. Each has an environment form ({@code GENAI_WATCH_EVAL_SAMPLE_RATE}) and a
 * properties-file form ({@code genai.watch.eval.sample.rate}); the environment wins, so a
 * deployment can override the file. See docs/configuration.md and docs/evaluation.md for the list
 * and defaults.
 *
 * @param judgeBaseUrl OpenAI-compatible base URL including {@code /v1}; null disables the judge
 *     (heuristics still run)
 * @param judgeApiKey resolved from the environment variable named by {@code
 *     GENAI_WATCH_EVAL_JUDGE_API_KEY_ENV}; never printed
 * @param sampleRate share of traces judged, in [0, 1], decided by trace id
 * @param rateLimitPerMinute judged spans per minute per service + request model (token bucket,
 *     burst = the same)
 * @param ragEmbedder whether the processor gives the RAG check its multilingual embedder
 *     (bge-small-zh-v1.5)
 * @param ragEmbedderPerMinute RAG checks per minute that may ask the embedder (it costs CPU the
 *     pipeline thread shares); beyond it a check decides on terms and numbers alone
 * @param ragMinScore below this share of answer sentences supported by the documents (beyond the
 *     question) a RAG answer is flagged {@code genai_watch.eval.rag_context_unused}; see
 *     docs/evaluation.md
 * @param ragLexicalShare share of a sentence's new terms found in the documents that makes it
 *     supported
 * @param ragSimilarityThreshold cosine to the closest document sentence that makes a sentence
 *     supported (with the embedder), provided it is also {@code ragSimilarityMargin} closer than
 *     the question
 * @param ragMaxDocuments documents per span the RAG check reads (the rest are not read)
 * @param ragMaxDocumentChars characters per document the RAG check reads
 * @param ragMaxAnswerChars characters of the answer the RAG check reads
 * @param ragQueueCapacity RAG checks waiting for the RAG worker; beyond it they are dropped and
 *     counted
 * @param judgeMaxQuestionChars characters of the question sent to the judge ("…[truncated]" after)
 * @param judgeMaxContextChars characters of the documents, all together, sent to the judge
 * @param judgeMaxAnswerChars characters of the answer sent to the judge
 */
public record EvaluationConfig(
    String judgeBaseUrl,
    String judgeModel,
    String judgeApiKey,
    double sampleRate,
    double rateLimitPerMinute,
    int concurrency,
    int queueCapacity,
    Duration timeout,
    int maxRetries,
    Duration retryBackoff,
    Path rubricDir,
    List<String> rubrics,
    int cacheSize,
    boolean ragEmbedder,
    double ragEmbedderPerMinute,
    double ragMinScore,
    double ragLexicalShare,
    double ragSimilarityThreshold,
    double ragSimilarityMargin,
    int ragMaxDocuments,
    int ragMaxDocumentChars,
    int ragMaxAnswerChars,
    int ragQueueCapacity,
    int judgeMaxQuestionChars,
    int judgeMaxContextChars,
    int judgeMaxAnswerChars,
    Duration closeTimeout) {

  public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
  public static final List<String> DEFAULT_RUBRICS =
      List.of("relevance", "groundedness", "hallucination");

  public EvaluationConfig {
    require(sampleRate >= 0 && sampleRate <= 1, "sample rate must be in [0, 1]: " + sampleRate);
    require(rateLimitPerMinute > 0, "rate limit must be > 0 per minute: " + rateLimitPerMinute);
    require(concurrency >= 1, "concurrency must be >= 1: " + concurrency);
    require(queueCapacity >= 1, "queue capacity must be >= 1: " + queueCapacity);
    require(maxRetries >= 0, "retries must be >= 0: " + maxRetries);
    require(cacheSize >= 0, "cache size must be >= 0: " + cacheSize);
    require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive: " + timeout);
    require(
        ragMinScore >= 0 && ragMinScore <= 1,
        "RAG minimum score must be in [0, 1]: " + ragMinScore);
    require(
        ragLexicalShare > 0 && ragLexicalShare <= 1,
        "RAG lexical share must be in (0, 1]: " + ragLexicalShare);
    require(
        ragEmbedderPerMinute > 0,
        "RAG embedder rate limit must be > 0 per minute: " + ragEmbedderPerMinute);
    require(ragMaxDocuments >= 1, "RAG max documents must be >= 1: " + ragMaxDocuments);
    require(
        ragMaxDocumentChars >= 100,
        "RAG max document chars must be >= 100: " + ragMaxDocumentChars);
    require(ragMaxAnswerChars >= 100, "RAG max answer chars must be >= 100: " + ragMaxAnswerChars);
    require(ragQueueCapacity >= 1, "RAG queue capacity must be >= 1: " + ragQueueCapacity);
    require(
        judgeMaxQuestionChars >= 100,
        "judge max question chars must be >= 100: " + judgeMaxQuestionChars);
    require(
        judgeMaxContextChars >= 100,
        "judge max context chars must be >= 100: " + judgeMaxContextChars);
    require(
        judgeMaxAnswerChars >= 100,
        "judge max answer chars must be >= 100: " + judgeMaxAnswerChars);
    rubrics = List.copyOf(rubrics);
    if (judgeBaseUrl != null) {
      judgeBaseUrl =
          judgeBaseUrl.endsWith("/")
              ? judgeBaseUrl.substring(0, judgeBaseUrl.length() - 1)
              : judgeBaseUrl;
      URI.create(judgeBaseUrl); // fails early on a malformed URL
    }
  }

  /**
   * Defaults: judge disabled, 10% sampling, 60/min per key, 2 concurrent calls, 30 s timeout, 2
   * retries.
   */
  public static EvaluationConfig defaults() {
    return fromEnvironment(Map.of(), new Properties());
  }

  public boolean judgeEnabled() {
    return judgeBaseUrl != null;
  }

  public static EvaluationConfig fromEnvironment(Map<String, String> env, Properties file) {
    Settings s = new Settings(env, file);
    String keyEnv = s.get("judge.api.key.env", DEFAULT_API_KEY_ENV);
    String rubricDir = s.get("rubric.dir", null);
    return new EvaluationConfig(
        blankToNull(s.get("judge.base.url", null)),
        s.get("judge.model", "gpt-4o-mini"),
        blankToNull(env.get(keyEnv)),
        s.number("sample.rate", 0.1),
        s.number("rate.limit", 60),
        (int) s.number("concurrency", 2),
        (int) s.number("queue.capacity", 100),
        Duration.ofMillis((long) s.number("timeout.ms", 30_000)),
        (int) s.number("retries", 2),
        Duration.ofMillis((long) s.number("retry.backoff.ms", 500)),
        rubricDir == null || rubricDir.isBlank() ? null : Path.of(rubricDir),
        Arrays.stream(s.get("rubrics", String.join(",", DEFAULT_RUBRICS)).split(","))
            .map(String::trim)
            .filter(r -> !r.isEmpty())
            .toList(),
        (int) s.number("cache.size", 1000),
        !s.get("rag.embedder", "on").equalsIgnoreCase("off"),
        s.number("rag.embedder.rate.limit", 30),
        s.number("rag.min.score", ContextUse.Settings.DEFAULT.minScore()),
        s.number("rag.lexical.share", ContextUse.Settings.DEFAULT.lexicalShare()),
        s.number("rag.similarity.threshold", ContextUse.Settings.DEFAULT.similarity()),
        s.number("rag.similarity.margin", ContextUse.Settings.DEFAULT.margin()),
        (int) s.number("rag.max.documents", 16),
        (int) s.number("rag.max.document.chars", 2_000),
        (int) s.number("rag.max.answer.chars", 4_000),
        (int) s.number("rag.queue.capacity", 32),
        (int) s.number("judge.max.question.chars", 4_000),
        (int) s.number("judge.max.context.chars", 16_000),
        (int) s.number("judge.max.answer.chars", 8_000),
        Duration.ofMillis((long) s.number("close.timeout.ms", 5_000)));
  }

  public EvaluationConfig withJudge(String baseUrl, String model) {
    return new EvaluationConfig(
        baseUrl,
        model,
        judgeApiKey,
        sampleRate,
        rateLimitPerMinute,
        concurrency,
        queueCapacity,
        timeout,
        maxRetries,
        retryBackoff,
        rubricDir,
        rubrics,
        cacheSize,
        ragEmbedder,
        ragEmbedderPerMinute,
        ragMinScore,
        ragLexicalShare,
        ragSimilarityThreshold,
        ragSimilarityMargin,
        ragMaxDocuments,
        ragMaxDocumentChars,
        ragMaxAnswerChars,
        ragQueueCapacity,
        judgeMaxQuestionChars,
        judgeMaxContextChars,
        judgeMaxAnswerChars,
        closeTimeout);
  }

  /** The API key stays out of logs. */
  @Override
  public String toString() {
    return "EvaluationConfig[judgeBaseUrl="
        + judgeBaseUrl
        + ", judgeModel="
        + judgeModel
        + ", judgeApiKey="
        + (judgeApiKey == null ? "none" : "***")
        + ", sampleRate="
        + sampleRate
        + ", rateLimitPerMinute="
        + rateLimitPerMinute
        + ", concurrency="
        + concurrency
        + ", queueCapacity="
        + queueCapacity
        + ", timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", retryBackoff="
        + retryBackoff
        + ", rubricDir="
        + rubricDir
        + ", rubrics="
        + rubrics
        + ", cacheSize="
        + cacheSize
        + ", ragEmbedder="
        + ragEmbedder
        + ", ragEmbedderPerMinute="
        + ragEmbedderPerMinute
        + ", ragMinScore="
        + ragMinScore
        + ", ragLexicalShare="
        + ragLexicalShare
        + ", ragSimilarityThreshold="
        + ragSimilarityThreshold
        + ", ragSimilarityMargin="
        + ragSimilarityMargin
        + ", ragMaxDocuments="
        + ragMaxDocuments
        + ", ragMaxDocumentChars="
        + ragMaxDocumentChars
        + ", ragMaxAnswerChars="
        + ragMaxAnswerChars
        + ", ragQueueCapacity="
        + ragQueueCapacity
        + ", judgeMaxQuestionChars="
        + judgeMaxQuestionChars
        + ", judgeMaxContextChars="
        + judgeMaxContextChars
        + ", judgeMaxAnswerChars="
        + judgeMaxAnswerChars
        + ", closeTimeout="
        + closeTimeout
        + "]";
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("genai-watch evaluation: " + message);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Looks a setting up by its dotted suffix, environment first. */
  private record Settings(Map<String, String> env, Properties file) {
    String get(String suffix, String fallback) {
      String envName = "GENAI_WATCH_EVAL_" + suffix.replace('.', '_').toUpperCase(Locale.ROOT);
      String v = env.get(envName);
      if (v == null) {
        v = file.getProperty("genai.watch.eval." + suffix);
      }
      return v == null ? fallback : v.trim();
    }

    double number(String suffix, double fallback) {
      String v = get(suffix, null);
      if (v == null || v.isEmpty()) {
        return fallback;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "genai-watch evaluation: GENAI_WATCH_EVAL_"
                + suffix.replace('.', '_').toUpperCase(Locale.ROOT)
                + " is not a number: '"
                + v
                + "'",
            e);
      }
    }
  }
}
