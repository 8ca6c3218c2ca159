package dev.genaiwatch.evaluation;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The RAG context-use check ({@link ContextUse}) on its own worker thread, so that neither the
 * documents nor the embedder ever run on the pipeline thread: {@link #submit} copies the capped
 * inputs and returns; the verdict leaves later as an {@code evaluate rag_context_use} span under
 * the RAG call. A full queue drops the check and counts it ({@code
 * genai_watch_eval_failed{reason="queue_full"}}).
 */
final class RagContextChecks {

  static final String NAME = "rag_context_use";
  private static final Logger LOG = Logger.getLogger(RagContextChecks.class.getName());

  private final EvaluationConfig config;
  private final ContextUse scorer;
  private final TextEmbedder embedder;
  private final EvaluationMetrics metrics;
  private final Consumer<ResourceSpans> emit;
  private final ThreadPoolExecutor executor;
  private final KeyedRateLimiter embedderBudget;

  RagContextChecks(
      EvaluationConfig config,
      TextEmbedder embedderOrNull,
      EvaluationMetrics metrics,
      Consumer<ResourceSpans> emit) {
    this.config = config;
    this.scorer =
        new ContextUse(
            new ContextUse.Settings(
                config.ragLexicalShare(),
                config.ragSimilarityThreshold(),
                config.ragSimilarityMargin(),
                config.ragMinScore()));
    this.embedder = embedderOrNull;
    this.metrics = metrics;
    this.emit = emit;
    this.embedderBudget = new KeyedRateLimiter(config.ragEmbedderPerMinute(), System::nanoTime);
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.ragQueueCapacity()),
            r -> {
              Thread t = new Thread(r, "genai-watch-rag-check");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** Inputs as the worker reads them: at most the configured documents and characters. */
  record Input(
      String question, List<String> documents, String answer, boolean capped, int documentCount) {}

  static Input cap(
      String question, List<String> documents, String answer, EvaluationConfig config) {
    boolean capped = documents.size() > config.ragMaxDocuments();
    List<String> docs = new ArrayList<>(Math.min(documents.size(), config.ragMaxDocuments()));
    for (String d : documents.subList(0, Math.min(documents.size(), config.ragMaxDocuments()))) {
      capped |= d.length() > config.ragMaxDocumentChars();
      docs.add(cut(d, config.ragMaxDocumentChars()));
    }
    capped |= answer.length() > config.ragMaxAnswerChars();
    return new Input(
        cut(question == null ? "" : question, config.ragMaxAnswerChars()),
        docs,
        cut(answer, config.ragMaxAnswerChars()),
        capped,
        docs.size());
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  void submit(EvaluatedCall call, GenAiSpanContent c) {
    Input input = cap(c.inputText, c.documents, c.outputText, config);
    long start = JudgeClient.epochNanos();
    try {
      executor.execute(() -> run(call, input, start));
    } catch (RejectedExecutionException e) {
      if (!executor.isShutdown()) {
        metrics.failed.labelValues(NAME, call.serviceName(), call.modelLabel(), "queue_full").inc();
      }
    }
  }

  private void run(EvaluatedCall call, Input in, long start) {
    ContextUse.Result r;
    // The embedder's CPU is shared with the pipeline thread: past its budget a check uses terms and
    // numbers.
    AtomicBoolean asked = new AtomicBoolean();
    TextEmbedder budgeted =
        embedder == null
            ? null
            : texts -> {
              if (!embedderBudget.tryAcquire("embedder")) {
                throw new OverBudget();
              }
              asked.set(true);
              return embedder.embed(texts);
            };
    boolean embedded;
    try {
      try {
        r = scorer.evaluate(in.question(), in.documents(), in.answer(), budgeted);
        embedded = asked.get();
      } catch (OverBudget e) {
        metrics
            .failed
            .labelValues(NAME, call.serviceName(), call.modelLabel(), "embedder_budget")
            .inc();
        embedded = false;
        r = scorer.evaluate(in.question(), in.documents(), in.answer(), null);
      } catch (RuntimeException e) {
        // The embedder failed: the lexical and numeric support still stands on its own.
        metrics.failed.labelValues(NAME, call.serviceName(), call.modelLabel(), "embedder").inc();
        LOG.log(Level.FINE, "genai-watch evaluation: embedder failed", e);
        embedded = false;
        r = scorer.evaluate(in.question(), in.documents(), in.answer(), null);
      }
    } catch (RuntimeException e) {
      metrics.failed.labelValues(NAME, call.serviceName(), call.modelLabel(), "heuristics").inc();
      LOG.log(Level.FINE, "genai-watch evaluation: RAG check failed", e);
      return;
    }
    List<KeyValue> attributes = new ArrayList<>(9);
    attributes.add(KeyValues.bool(EvaluationAttributes.RAG_CONTEXT_UNUSED, r.unused()));
    attributes.add(KeyValues.dbl(EvaluationAttributes.RAG_CONTEXT_USE, r.score()));
    attributes.add(KeyValues.bool(EvaluationAttributes.RAG_CONTRADICTION, r.contradiction()));
    attributes.add(KeyValues.bool(EvaluationAttributes.RAG_NON_ANSWER, r.nonAnswer()));
    attributes.add(KeyValues.lng(EvaluationAttributes.RAG_SENTENCES, r.sentences()));
    attributes.add(KeyValues.lng(EvaluationAttributes.RAG_SUPPORTED_SENTENCES, r.supported()));
    attributes.add(KeyValues.lng(EvaluationAttributes.RAG_DOCUMENTS_READ, in.documentCount()));
    attributes.add(KeyValues.bool(EvaluationAttributes.RAG_INPUT_CAPPED, in.capped()));
    attributes.add(KeyValues.bool(EvaluationAttributes.RAG_EMBEDDER_USED, embedded));
    String why =
        r.nonAnswer()
            ? "the answer is a refusal or a non-answer"
            : r.contradiction()
                ? "the answer states a quantity the documents give differently"
                : String.format(
                    Locale.ROOT,
                    "%d of %d answer sentences are supported by the documents beyond the question",
                    r.supported(),
                    r.sentences());
    count("rag_context_unused", call, r.unused());
    count("rag_contradiction", call, r.contradiction());
    try {
      emit.accept(
          EvaluationSpans.heuristic(
              call,
              NAME,
              start,
              JudgeClient.epochNanos(),
              attributes,
              r.score(),
              r.unused() ? "not_used" : "used",
              why));
    } catch (RuntimeException e) {
      metrics.failed.labelValues(NAME, call.serviceName(), call.modelLabel(), "sink").inc();
    }
  }

  private void count(String check, EvaluatedCall call, boolean flagged) {
    metrics.checks.labelValues(check, call.serviceName(), call.modelLabel()).inc();
    if (flagged) {
      metrics.flagged.labelValues(check, call.serviceName(), call.modelLabel()).inc();
    }
  }

  /** The embedder budget is spent: decide without it (not a failure of the embedder). */
  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super("embedder budget spent", null, false, false);
    }
  }

  /** Stops taking checks, lets queued ones finish within {@code millis}, then cancels the rest. */
  void close(long millis) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
