package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EvaluationConfigTest {

  @Test
  void judgeIsOffByDefault() {
    EvaluationConfig c = EvaluationConfig.defaults();
    assertThat(c.judgeEnabled()).isFalse();
    assertThat(c.sampleRate()).isEqualTo(0.1);
    assertThat(c.rubrics()).containsExactly("relevance", "groundedness", "hallucination");
  }

  @Test
  void environmentSetsEverySetting() {
    EvaluationConfig c =
        EvaluationConfig.fromEnvironment(
            Map.ofEntries(
                Map.entry("GENAI_WATCH_EVAL_JUDGE_BASE_URL", "http://judge:8000/v1/"),
                Map.entry("GENAI_WATCH_EVAL_JUDGE_MODEL", "judge-7b"),
                Map.entry("GENAI_WATCH_EVAL_JUDGE_API_KEY_ENV", "JUDGE_KEY"),
                Map.entry("JUDGE_KEY", "sk-secret"),
                Map.entry("GENAI_WATCH_EVAL_SAMPLE_RATE", "0.25"),
                Map.entry("GENAI_WATCH_EVAL_RATE_LIMIT", "120"),
                Map.entry("GENAI_WATCH_EVAL_CONCURRENCY", "4"),
                Map.entry("GENAI_WATCH_EVAL_QUEUE_CAPACITY", "10"),
                Map.entry("GENAI_WATCH_EVAL_TIMEOUT_MS", "1500"),
                Map.entry("GENAI_WATCH_EVAL_RETRIES", "3"),
                Map.entry("GENAI_WATCH_EVAL_RUBRIC_DIR", "/etc/rubrics"),
                Map.entry("GENAI_WATCH_EVAL_RUBRICS", "relevance, hallucination"),
                Map.entry("GENAI_WATCH_EVAL_CACHE_SIZE", "50"),
                Map.entry("GENAI_WATCH_EVAL_RAG_MIN_SCORE", "0.3"),
                Map.entry("GENAI_WATCH_EVAL_RAG_MAX_DOCUMENTS", "8"),
                Map.entry("GENAI_WATCH_EVAL_JUDGE_MAX_ANSWER_CHARS", "500")),
            new Properties());
    assertThat(c.judgeBaseUrl()).isEqualTo("http://judge:8000/v1");
    assertThat(c.judgeModel()).isEqualTo("judge-7b");
    assertThat(c.judgeApiKey()).isEqualTo("sk-secret");
    assertThat(c.sampleRate()).isEqualTo(0.25);
    assertThat(c.rateLimitPerMinute()).isEqualTo(120);
    assertThat(c.concurrency()).isEqualTo(4);
    assertThat(c.queueCapacity()).isEqualTo(10);
    assertThat(c.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.maxRetries()).isEqualTo(3);
    assertThat(c.rubricDir()).isEqualTo(Path.of("/etc/rubrics"));
    assertThat(c.rubrics()).isEqualTo(List.of("relevance", "hallucination"));
    assertThat(c.cacheSize()).isEqualTo(50);
    assertThat(c.ragMinScore()).isEqualTo(0.3);
    assertThat(c.ragMaxDocuments()).isEqualTo(8);
    assertThat(c.judgeMaxAnswerChars()).isEqualTo(500);
  }

  @Test
  void environmentOverridesTheFile() {
    Properties file = new Properties();
    file.setProperty("genai.watch.eval.sample.rate", "0.5");
    file.setProperty("genai.watch.eval.judge.model", "file-model");
    EvaluationConfig c =
        EvaluationConfig.fromEnvironment(Map.of("GENAI_WATCH_EVAL_SAMPLE_RATE", "0.2"), file);
    assertThat(c.sampleRate()).isEqualTo(0.2);
    assertThat(c.judgeModel()).isEqualTo("file-model");
  }

  @Test
  void apiKeyIsNeverPrinted() {
    EvaluationConfig c =
        EvaluationConfig.fromEnvironment(
            Map.of("OPENAI_API_KEY", "sk-very-secret"), new Properties());
    assertThat(c.judgeApiKey()).isEqualTo("sk-very-secret");
    assertThat(c.toString()).doesNotContain("sk-very-secret");
  }

  @Test
  void notANumberNamesTheVariable() {
    assertThatThrownBy(
            () ->
                EvaluationConfig.fromEnvironment(
                    Map.of("GENAI_WATCH_EVAL_SAMPLE_RATE", "ten%"), new Properties()))
        .hasMessageContaining("GENAI_WATCH_EVAL_SAMPLE_RATE")
        .hasMessageContaining("ten%");
  }

  @Test
  void rateOutsideZeroToOneIsRejected() {
    assertThatThrownBy(
            () ->
                EvaluationConfig.fromEnvironment(
                    Map.of("GENAI_WATCH_EVAL_SAMPLE_RATE", "1.5"), new Properties()))
        .hasMessageContaining("sample rate");
  }
}
