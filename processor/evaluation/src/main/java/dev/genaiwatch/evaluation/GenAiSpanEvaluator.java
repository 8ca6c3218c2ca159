package dev.genaiwatch.evaluation;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluates GenAI spans on their way through the processor.
 *
 * <p>{@link #enrich} runs on the forwarding path: it adds the cheap heuristic attributes, hands a
 * RAG call's context-use check to its own worker ({@link RagContextChecks}) and, for a sampled, not
 * rate-limited span with captured content, the judge work to a bounded executor, then returns. Both
 * results leave later as new spans through the sink. Whatever the judge does (down, slow, garbage),
 * {@code enrich} neither blocks nor throws, and every outcome is counted.
 */
public final class GenAiSpanEvaluator implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(GenAiSpanEvaluator.class.getName());

  private final EvaluationConfig config;
  private final Consumer<ResourceSpans> sink;
  private final EvaluationMetrics metrics;
  private final RagContextChecks ragChecks;
  private final OwnSpans ownSpans = new OwnSpans(16_384);
  private final TraceSampler sampler;
  private final KeyedRateLimiter rateLimiter;
  private final VerdictCache cache;
  private final List<Rubric> rubrics;
  private final JudgeClient judge;
  private final EvaluationSpans spans;
  private final ThreadPoolExecutor executor;
  private volatile Consumer<EvaluationScore> scoreListener = score -> {};

  public GenAiSpanEvaluator(
      EvaluationConfig config,
      PrometheusRegistry registry,
      Consumer<ResourceSpans> sink,
      TextEmbedder embedderOrNull) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.metrics = new EvaluationMetrics(registry);
    this.ragChecks = new RagContextChecks(config, embedderOrNull, metrics, this::emit);
    this.sampler = new TraceSampler(config.sampleRate());
    this.rateLimiter = new KeyedRateLimiter(config.rateLimitPerMinute(), System::nanoTime);
    this.cache = new VerdictCache(config.cacheSize());
    if (config.judgeEnabled()) {
      this.rubrics = Rubrics.load(config.rubrics(), config.rubricDir());
      this.judge = new JudgeClient(config);
      this.spans = new EvaluationSpans(judge.host(), judge.port());
      AtomicInteger n = new AtomicInteger();
      this.executor =
          new ThreadPoolExecutor(
              config.concurrency(),
              config.concurrency(),
              0,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(config.queueCapacity()),
              r -> {
                Thread t = new Thread(r, "genai-watch-judge-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    } else {
      this.rubrics = List.of();
      this.judge = null;
      this.spans = null;
      this.executor = null;
    }
  }

  /** Receives every judge score (not the judge's own calls), e.g. for output-quality drift. */
  public void setScoreListener(Consumer<EvaluationScore> listener) {
    this.scoreListener = listener == null ? score -> {} : listener;
  }

  /** Same signature as the processor's {@code SpanEnricher.enrich}. */
  public void enrich(Resource resource, InstrumentationScope scope, Span.Builder span) {
    GenAiSpanContent content;
    try {
      // Loop guard: skip exactly the spans this evaluator emitted (their ids are random and
      // recorded when
      // emitted), not whatever claims to be a judge call or shares the judge's host.
      if (ownSpans.remove(span.getSpanId())) {
        return;
      }
      content = GenAiSpanContent.of(resource, span);
      if (!content.isGeneration()) {
        return;
      }
    } catch (RuntimeException e) {
      failed("", "", "", "span_unreadable", e);
      return;
    }
    try {
      List<KeyValue> results = Heuristics.evaluate(content);
      span.addAllAttributes(results);
      count(results, content);
    } catch (RuntimeException e) {
      failed("heuristics", content.serviceName, content.requestModel, "heuristics", e);
    }
    // Documents and the embedder: off this thread; the verdict follows as its own span.
    if (content.isRag()
        && content.outputText != null
        && !content.outputText.isBlank()
        && hasIds(span)) {
      try {
        ragChecks.submit(
            new EvaluatedCall(
                span.getTraceId(),
                span.getSpanId(),
                content.responseId,
                content.serviceName,
                content.requestModel),
            content);
      } catch (RuntimeException e) {
        failed(RagContextChecks.NAME, content.serviceName, content.requestModel, "schedule", e);
      }
    }
    if (judge != null) {
      try {
        scheduleJudge(content, span);
      } catch (RuntimeException e) {
        failed("judge", content.serviceName, content.requestModel, "schedule", e);
      }
    }
  }

  private void count(List<KeyValue> results, GenAiSpanContent c) {
    String model = c.requestModel == null ? "" : c.requestModel;
    for (KeyValue kv : results) {
      if (kv.getKey().startsWith(CHECK_PREFIX) && kv.getValue().hasBoolValue()) {
        String check = kv.getKey().substring(CHECK_PREFIX.length());
        metrics
            .checks
            .labelValues(check, metrics.service(c.serviceName), metrics.model(model))
            .inc();
        if (kv.getValue().getBoolValue()) {
          metrics
              .flagged
              .labelValues(check, metrics.service(c.serviceName), metrics.model(model))
              .inc();
        }
      }
    }
  }

  private static final String CHECK_PREFIX = "genai_watch.eval.";

  private static boolean hasIds(Span.Builder span) {
    return span.getTraceId().size() == 16 && span.getSpanId().size() == 8;
  }

  private void scheduleJudge(GenAiSpanContent c, Span.Builder span) {
    String model = c.requestModel == null ? "" : c.requestModel;
    // Evaluation spans must join the evaluated trace; without valid ids there is nothing to attach
    // to.
    if (!hasIds(span)) {
      return;
    }
    if (!sampler.sampled(span.getTraceId().toByteArray())) {
      metrics
          .skippedSampling
          .labelValues(metrics.service(c.serviceName), metrics.model(model))
          .inc();
      return;
    }
    if (c.outputText == null || c.outputText.isBlank()) {
      metrics
          .skippedNoContent
          .labelValues(metrics.service(c.serviceName), metrics.model(model))
          .inc();
      return;
    }
    List<Rubric> applicable = new ArrayList<>(rubrics.size());
    for (Rubric r : rubrics) {
      if (!r.needsContext() || c.isRag()) {
        applicable.add(r);
      }
    }
    if (applicable.isEmpty()) {
      return;
    }
    // Length-prefixed: no service and model pair can spell another's key, whatever characters they
    // hold.
    String service = String.valueOf(c.serviceName);
    if (!rateLimiter.tryAcquire(service.length() + ":" + service + model)) {
      metrics.rateLimited.labelValues(metrics.service(c.serviceName), metrics.model(model)).inc();
      return;
    }
    EvaluatedCall call =
        new EvaluatedCall(
            span.getTraceId(), span.getSpanId(), c.responseId, c.serviceName, c.requestModel);
    String question = c.inputText == null ? "" : c.inputText;
    List<String> documents = c.isRag() ? c.documents : null;
    String context = c.isRag() ? c.context() : null;
    String answer = c.outputText;
    try {
      executor.execute(
          () -> {
            for (Rubric r : applicable) {
              if (Thread.currentThread().isInterrupted()) {
                return;
              }
              evaluate(call, r, question, documents, context, answer);
            }
          });
    } catch (RejectedExecutionException e) {
      if (!executor.isShutdown()) {
        metrics.queueFull.labelValues(metrics.service(c.serviceName), metrics.model(model)).inc();
      }
    }
  }

  private void evaluate(
      EvaluatedCall call,
      Rubric rubric,
      String question,
      List<String> documents,
      String context,
      String answer) {
    long start = JudgeClient.epochNanos();
    String key =
        VerdictCache.key(rubric.name(), rubric.prompt(), judge.model(), question, answer, context);
    JudgeVerdict cached = cache.get(key);
    if (cached != null) {
      metrics
          .cacheHits
          .labelValues(
              rubric.name(), metrics.service(call.serviceName()), metrics.model(call.modelLabel()))
          .inc();
      succeeded(call, rubric, cached);
      emit(
          spans.build(
              call, rubric.name(), start, JudgeClient.epochNanos(), cached, null, true, null));
      return;
    }
    JudgeExchange exchange;
    try {
      JudgeMaterial.Request request =
          JudgeMaterial.build(rubric.prompt(), question, documents, answer, config);
      exchange = judge.complete(request.systemPrompt(), request.userMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(rubric.name(), call.serviceName(), call.requestModel(), "cancelled", null);
      return;
    }
    JudgeVerdict verdict = null;
    EvaluationFailure failure = exchange.failure;
    if (failure == null) {
      try {
        verdict = JudgeVerdictParser.parse(exchange.content, rubric);
      } catch (EvaluationFailure f) {
        failure = f;
      }
    }
    if (verdict != null) {
      cache.put(key, verdict);
      succeeded(call, rubric, verdict);
    } else {
      failed(rubric.name(), call.serviceName(), call.requestModel(), failure.reason, null);
    }
    emit(
        spans.build(
            call,
            rubric.name(),
            start,
            JudgeClient.epochNanos(),
            verdict,
            failure,
            false,
            exchange));
  }

  private void succeeded(EvaluatedCall call, Rubric rubric, JudgeVerdict verdict) {
    metrics
        .done
        .labelValues(
            rubric.name(), metrics.service(call.serviceName()), metrics.model(call.modelLabel()))
        .inc();
    metrics
        .score
        .labelValues(
            rubric.name(), metrics.service(call.serviceName()), metrics.model(call.modelLabel()))
        .observe(verdict.score());
    try {
      scoreListener.accept(
          new EvaluationScore(
              call.serviceName(), call.requestModel(), rubric.name(), verdict.score()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "genai-watch evaluation: score listener failed", e);
    }
  }

  private void emit(ResourceSpans out) {
    for (var scope : out.getScopeSpansList()) {
      for (Span s : scope.getSpansList()) {
        ownSpans.add(s.getSpanId());
      }
    }
    try {
      sink.accept(out);
    } catch (RuntimeException e) {
      failed("", "", "", "sink", e);
    }
  }

  private void failed(
      String evaluation, String service, String model, String reason, Throwable cause) {
    metrics
        .failed
        .labelValues(evaluation, metrics.service(service), metrics.model(model), reason)
        .inc();
    if (cause != null) {
      LOG.log(Level.FINE, "genai-watch evaluation failed: " + reason, cause);
    }
  }

  /**
   * Stops taking work and waits up to the configured close timeout for queued RAG checks and then
   * judge work, then cancels what is left.
   */
  @Override
  public void close() {
    ragChecks.close(config.closeTimeout().toMillis());
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
