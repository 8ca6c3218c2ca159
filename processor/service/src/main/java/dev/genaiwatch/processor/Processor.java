package dev.genaiwatch.processor;

import dev.genaiwatch.evaluation.BgeSmallZhEmbedder;
import dev.genaiwatch.evaluation.EvaluationConfig;
import dev.genaiwatch.evaluation.GenAiSpanEvaluator;
import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.processor.drift.DriftSettings;
import dev.genaiwatch.processor.drift.DriftStateStore;
import dev.genaiwatch.processor.drift.MiniLmEmbedder;
import dev.genaiwatch.processor.forward.Forwarder;
import dev.genaiwatch.processor.forward.ForwarderSettings;
import dev.genaiwatch.processor.forward.RecentCalls;
import dev.genaiwatch.processor.pipeline.Intake;
import dev.genaiwatch.processor.pipeline.Pipeline;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.SpanEnricher;
import dev.genaiwatch.processor.pipeline.SpanEnrichment;
import dev.genaiwatch.processor.pipeline.SpanSink;
import dev.genaiwatch.processor.queue.DurablePipeline;
import dev.genaiwatch.processor.queue.QueueSettings;
import dev.genaiwatch.processor.receive.AuthGate;
import dev.genaiwatch.processor.receive.GrpcReceiver;
import dev.genaiwatch.processor.receive.HttpReceiver;
import dev.genaiwatch.processor.receive.HttpRouter;
import dev.genaiwatch.processor.receive.MemoryLimiter;
import dev.genaiwatch.processor.receive.ReceiverSettings;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running processor: receivers, queue and worker, forwarding, drift, metrics and API, wired
 * from config.
 */
public final class Processor implements AutoCloseable {
  private final PrometheusRegistry registry;
  private final Intake pipeline;
  private final List<String> notices;
  private final DriftMonitor drift;
  private final MiniLmEmbedder embedder;
  private final GrpcReceiver grpc;
  private final HttpReceiver http;
  private final Duration drainTimeout;
  private final GenAiSpanEvaluator evaluator;

  private Processor(
      PrometheusRegistry registry,
      Intake pipeline,
      DriftMonitor drift,
      MiniLmEmbedder embedder,
      GenAiSpanEvaluator evaluator,
      GrpcReceiver grpc,
      HttpReceiver http,
      Duration drainTimeout,
      List<String> notices) {
    this.notices = List.copyOf(notices);
    this.evaluator = evaluator;
    this.registry = registry;
    this.pipeline = pipeline;
    this.drift = drift;
    this.embedder = embedder;
    this.grpc = grpc;
    this.http = http;
    this.drainTimeout = drainTimeout;
  }

  public static Processor start(ProcessorConfig config) throws IOException, InterruptedException {
    return start(config, List.of());
  }

  /**
   * {@code extraEnrichers} run after drift on every GenAI span (the evaluation module plugs in
   * here).
   */
  public static Processor start(ProcessorConfig config, List<SpanEnricher> extraEnrichers)
      throws IOException, InterruptedException {
    // Every part's settings are read and checked before anything starts: a bad key stops the start
    // with its name.
    ReceiverSettings receivers = ReceiverSettings.from(config);
    ForwarderSettings forwarding = ForwarderSettings.from(config);
    String dataDir = config.string("data.dir", "genai-watch-data");
    QueueSettings queueSettings = QueueSettings.from(config, dataDir);
    DriftSettings driftSettings = DriftSettings.from(config);
    EvaluationConfig evaluationConfig =
        EvaluationConfig.fromEnvironment(config.environment(), config.fileProperties());
    RecentCalls recentCalls =
        new RecentCalls(
            config.integer("recent.calls.capacity", 1000),
            config.longInteger("recent.calls.max.bytes", 32L * 1024 * 1024));
    Duration drainTimeout = config.millis("shutdown.drain.ms", 10_000);
    List<String> notices = new ArrayList<>();
    if (receivers.startNotice() != null) {
      notices.add(receivers.startNotice());
    }
    notices.addAll(config.unusedKeys());
    MemoryLimiter memory = MemoryLimiter.forHeap(receivers.memoryLimitPercent());

    PrometheusRegistry registry = new PrometheusRegistry();
    ProcessorMetrics metrics = new ProcessorMetrics(registry);
    DriftStateStore store =
        dataDir.isEmpty() ? null : new DriftStateStore(Path.of(dataDir), driftSettings);
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    // Drift alarms go out through the pipeline, which exists only after drift: break the cycle with
    // a reference.
    AtomicReference<Intake> pipelineRef = new AtomicReference<>();
    DriftMonitor drift =
        new DriftMonitor(
            driftSettings, registry, embedder, logs -> emitLogs(pipelineRef.get(), logs), store);

    // Judge verdicts leave as new spans through the pipeline, which exists only after the
    // enrichers.
    // RAG context use reads Chinese and English: its own embedder (bge-small-zh, loaded on the
    // first RAG span).
    GenAiSpanEvaluator evaluator =
        new GenAiSpanEvaluator(
            evaluationConfig,
            registry,
            spans -> {
              recentCalls.addEvaluations(spans);
              emitSpans(pipelineRef.get(), spans);
            },
            evaluationConfig.ragEmbedder() ? new BgeSmallZhEmbedder() : null);
    evaluator.setScoreListener(
        score ->
            drift.observeJudgeScore(
                score.serviceName(), score.requestModel(), score.evaluationName(), score.score()));

    List<SpanEnricher> enrichers = new ArrayList<>();
    enrichers.add(drift);
    enrichers.add(evaluator::enrich);
    enrichers.addAll(extraEnrichers);
    SpanEnrichment enrichment = new SpanEnrichment(enrichers, recentCalls, metrics);
    Intake pipeline;
    Forwarder forwarder = null;
    try {
      forwarder = forwarding.create(metrics);
      pipeline =
          queueSettings.onDisk()
              ? new DurablePipeline(
                  Path.of(dataDir, "queue"), queueSettings, enrichment, forwarder, metrics)
              : new Pipeline(queueSettings.memoryCapacity(), enrichment, forwarder, metrics);
    } catch (IOException | RuntimeException e) {
      if (forwarder != null) {
        forwarder.close();
      }
      drift.close();
      evaluator.close();
      throw e;
    }
    pipelineRef.set(pipeline);
    Intake queued = pipeline;
    GaugeWithCallback.builder()
        .name("genai_watch_processor_queued_requests")
        .help("Export requests accepted and not yet forwarded (on disk with queue.type=disk)")
        .callback(callback -> callback.call(queued.queued()))
        .register(registry);

    GrpcReceiver grpc = null;
    try {
      grpc =
          new GrpcReceiver(
              receivers.host(),
              receivers.grpcPort(),
              receivers.maxBodyBytes(),
              pipeline,
              receivers.token(),
              metrics,
              memory,
              receivers.idleTimeoutMillis(),
              receivers.tlsOrNull());
      HttpRouter router =
          new HttpRouter(
              pipeline,
              metrics,
              registry,
              recentCalls,
              drift,
              receivers.token(),
              receivers.access(),
              receivers.retryAfterSeconds());
      HttpReceiver http =
          new HttpReceiver(
              receivers.host(),
              receivers.httpPort(),
              receivers.maxBodyBytes(),
              router,
              () ->
                  new AuthGate(
                      receivers.token(),
                      receivers.access(),
                      metrics,
                      memory,
                      receivers.retryAfterSeconds()),
              receivers.idleTimeoutMillis(),
              receivers.maxConnections(),
              receivers.tlsOrNull());
      return new Processor(
          registry, pipeline, drift, embedder, evaluator, grpc, http, drainTimeout, notices);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (grpc != null) {
        grpc.close();
      }
      pipeline.close(Duration.ZERO);
      drift.close();
      evaluator.close();
      throw e;
    }
  }

  private static void emitSpans(Intake pipeline, ResourceSpans spans) {
    if (pipeline != null) {
      pipeline.emit(spans);
    }
  }

  private static void emitLogs(Intake pipeline, ResourceLogs logs) {
    if (pipeline != null) {
      pipeline.emitLogs(logs);
    }
  }

  /**
   * One-line warnings for the operator about how the processor was configured (printed by
   * ProcessorMain).
   */
  public List<String> startNotices() {
    return notices;
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return http.port();
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Where evaluation spans are injected into the forwarding path. */
  public SpanSink spanSink() {
    return pipeline;
  }

  /** The in-process MiniLM model, loaded on first use, for the evaluation module to share. */
  public MiniLmEmbedder embedder() {
    return embedder;
  }

  public DriftMonitor drift() {
    return drift;
  }

  /**
   * Stops the receivers, drains the queue (bounded by shutdown.drain.ms), then stops drift and
   * persists its state.
   */
  @Override
  public void close() {
    grpc.close();
    http.close();
    // Judge work finishing now emits spans into the pipeline, so the evaluator stops before the
    // pipeline drains.
    evaluator.close();
    pipeline.close(drainTimeout);
    drift.close();
  }
}
