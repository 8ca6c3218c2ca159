package dev.genaiwatch.processor;

import dev.genaiwatch.evaluation.BgeSmallZhEmbedder;
import dev.genaiwatch.evaluation.EvaluationConfig;
import dev.genaiwatch.evaluation.GenAiSpanEvaluator;
import dev.genaiwatch.processor.cost.CostEnricher;
import dev.genaiwatch.processor.cost.CostMetrics;
import dev.genaiwatch.processor.cost.CostSettings;
import dev.genaiwatch.processor.cost.GpuTimeCost;
import dev.genaiwatch.processor.cost.ObservedConcurrency;
import dev.genaiwatch.processor.cost.ServerInference;
import dev.genaiwatch.processor.cost.ServerInferenceTime;
import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.processor.drift.DriftSettings;
import dev.genaiwatch.processor.drift.DriftStateStore;
import dev.genaiwatch.processor.drift.MiniLmEmbedder;
import dev.genaiwatch.processor.forward.Forwarder;
import dev.genaiwatch.processor.forward.ForwarderSettings;
import dev.genaiwatch.processor.forward.RecentCalls;
import dev.genaiwatch.processor.latency.LatencyBreakdown;
import dev.genaiwatch.processor.latency.LatencyMonitor;
import dev.genaiwatch.processor.latency.LatencySettings;
import dev.genaiwatch.processor.pipeline.Intake;
import dev.genaiwatch.processor.pipeline.Pipeline;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.SpanEnricher;
import dev.genaiwatch.processor.pipeline.SpanEnrichment;
import dev.genaiwatch.processor.pipeline.SpanSink;
import dev.genaiwatch.processor.pipeline.TraceObserver;
import dev.genaiwatch.processor.queue.DurablePipeline;
import dev.genaiwatch.processor.queue.QueueSettings;
import dev.genaiwatch.processor.receive.AuthGate;
import dev.genaiwatch.processor.receive.GrpcReceiver;
import dev.genaiwatch.processor.receive.HttpReceiver;
import dev.genaiwatch.processor.receive.HttpRouter;
import dev.genaiwatch.processor.receive.MemoryLimiter;
import dev.genaiwatch.processor.receive.ReceiverSettings;
import dev.genaiwatch.processor.serverhealth.ServerHealth;
import dev.genaiwatch.processor.serverhealth.ServerHealthSettings;
import dev.genaiwatch.processor.ui.RecentScores;
import dev.genaiwatch.processor.ui.UiApi;
import dev.genaiwatch.processor.ui.UiSettings;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final ServerInferenceTime serverInferenceTime;
  private final ServerHealth serverHealthOrNull;
  private final LatencyMonitor latency;

  private Processor(
      PrometheusRegistry registry,
      Intake pipeline,
      DriftMonitor drift,
      MiniLmEmbedder embedder,
      GenAiSpanEvaluator evaluator,
      LatencyMonitor latency,
      GrpcReceiver grpc,
      HttpReceiver http,
      Duration drainTimeout,
      List<String> notices,
      ServerInferenceTime serverInferenceTime,
      ServerHealth serverHealthOrNull) {
    this.serverInferenceTime = serverInferenceTime;
    this.serverHealthOrNull = serverHealthOrNull;
    this.notices = List.copyOf(notices);
    this.evaluator = evaluator;
    this.latency = latency;
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
    CostSettings costSettings = CostSettings.from(config);
    ServerHealthSettings serverHealthSettings = ServerHealthSettings.from(config);
    LatencySettings latencySettings = LatencySettings.from(config);
    EvaluationConfig evaluationConfig =
        EvaluationConfig.fromEnvironment(config.environment(), config.fileProperties());
    RecentCalls recentCalls =
        new RecentCalls(
            config.integer("recent.calls.capacity", 1000),
            config.longInteger("recent.calls.max.bytes", 32L * 1024 * 1024));
    Duration drainTimeout = config.millis("shutdown.drain.ms", 10_000);
    RecentScores recentScores = new RecentScores(config.integer("recent.scores.capacity", 2000));
    UiSettings uiSettings = UiSettings.from(config);
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
        score -> {
          drift.observeJudgeScore(
              score.serviceName(), score.requestModel(), score.evaluationName(), score.score());
          recentScores.accept(score);
        });

    // Model-server health: scraped beside the client spans, it explains latency alarms and tells
    // the GPU-time estimate how many requests shared the GPU.
    ServerHealth serverHealth =
        serverHealthSettings.enabled() ? new ServerHealth(serverHealthSettings, registry) : null;
    if (serverHealth != null) {
      drift.setAlarmContext(serverHealth);
    }
    CostMetrics costMetrics = new CostMetrics(registry);
    ServerInferenceTime gpuCost =
        new GpuTimeCost(
            costSettings,
            costMetrics,
            serverHealth != null ? serverHealth : ObservedConcurrency.UNKNOWN);

    // Breakdown spans leave through the pipeline too, from the monitor's own thread.
    LatencyMonitor latency =
        latencySettings.enabled()
            ? new LatencyMonitor(
                latencySettings, registry, spans -> emitSpans(pipelineRef.get(), spans))
            : null;
    List<TraceObserver> observers = latency == null ? List.of() : List.of(latency);
    if (latency != null) {
      latency.addListener(breakdown -> gpuCost.inferred(serverInference(breakdown)));
    }

    List<SpanEnricher> enrichers = new ArrayList<>();
    enrichers.add(drift);
    enrichers.add(evaluator::enrich);
    enrichers.add(new CostEnricher(costSettings, costMetrics));
    enrichers.addAll(extraEnrichers);
    SpanEnrichment enrichment = new SpanEnrichment(enrichers, observers, recentCalls, metrics);
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
      closeQuietly(latency);
      drift.close();
      evaluator.close();
      if (serverHealth != null) {
        serverHealth.close();
      }
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
              new UiApi(recentCalls, recentScores, uiSettings),
              latency == null ? () -> Map.of("enabled", false) : latency::state,
              receivers.token(),
              receivers.access(),
              receivers.retryAfterSeconds());
      AuthGate.Policy gatePolicy =
          new AuthGate.Policy(
              receivers.token(),
              receivers.access(),
              metrics,
              memory,
              receivers.retryAfterSeconds());
      HttpReceiver http =
          new HttpReceiver(
              receivers.host(),
              receivers.httpPort(),
              receivers.maxBodyBytes(),
              router,
              () -> new AuthGate(gatePolicy),
              receivers.idleTimeoutMillis(),
              receivers.maxConnections(),
              receivers.tlsOrNull());
      return new Processor(
          registry,
          pipeline,
          drift,
          embedder,
          evaluator,
          latency,
          grpc,
          http,
          drainTimeout,
          notices,
          gpuCost,
          serverHealth);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (grpc != null) {
        grpc.close();
      }
      closeQuietly(latency);
      pipeline.close(Duration.ZERO);
      drift.close();
      evaluator.close();
      if (serverHealth != null) {
        serverHealth.close();
      }
      throw e;
    }
  }

  private static void closeQuietly(LatencyMonitor latency) {
    if (latency != null) {
      latency.close();
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
   * Where the client/server span join hands over each matched call's server inference time, for the
   * GPU-time cost estimate (see docs/cost.md).
   */
  public ServerInferenceTime serverInferenceTime() {
    return serverInferenceTime;
  }

  /**
   * Stops the receivers, drains the queue (bounded by shutdown.drain.ms), then stops drift and
   * persists its state.
   */
  @Override
  public void close() {
    if (serverHealthOrNull != null) {
      serverHealthOrNull.close();
    }
    grpc.close();
    http.close();
    // Judge work finishing now emits spans into the pipeline, so the evaluator stops before the
    // pipeline drains.
    evaluator.close();
    // Breakdowns of the last pairs go into the pipeline before it drains.
    closeQuietly(latency);
    pipeline.close(drainTimeout);
    drift.close();
  }

  /**
   * What the GPU-time cost estimate needs of a joined call: its server-side inference time, with
   * the server as the client span named it ({@code host:port}); the concurrency is left to the
   * scraped server health (NaN).
   */
  private static ServerInference serverInference(LatencyBreakdown b) {
    int colon = b.server().lastIndexOf(':');
    String address = colon < 0 ? b.server() : b.server().substring(0, colon);
    String port = colon < 0 ? null : b.server().substring(colon + 1);
    return new ServerInference(
        b.serviceName(),
        b.model(),
        b.operation(),
        address,
        port,
        b.inferenceNanos() / 1e9,
        Double.NaN,
        b.clientStartEpochNanos(),
        b.clientStartEpochNanos() + b.clientDurationNanos());
  }
}
