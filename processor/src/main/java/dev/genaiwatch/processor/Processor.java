package dev.genaiwatch.processor;

import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.processor.drift.DriftSettings;
import dev.genaiwatch.processor.drift.DriftStateStore;
import dev.genaiwatch.processor.drift.MiniLmEmbedder;
import dev.genaiwatch.processor.forward.Downstream;
import dev.genaiwatch.processor.forward.Forwarder;
import dev.genaiwatch.processor.forward.GrpcDownstream;
import dev.genaiwatch.processor.forward.HttpDownstream;
import dev.genaiwatch.processor.forward.RecentCalls;
import dev.genaiwatch.processor.forward.RetryPolicy;
import dev.genaiwatch.processor.pipeline.Pipeline;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.SpanEnricher;
import dev.genaiwatch.processor.pipeline.SpanSink;
import dev.genaiwatch.processor.receive.BearerToken;
import dev.genaiwatch.processor.receive.GrpcReceiver;
import dev.genaiwatch.processor.receive.HttpReceiver;
import dev.genaiwatch.processor.receive.HttpRouter;
import dev.genaiwatch.evaluation.BgeSmallZhEmbedder;
import dev.genaiwatch.evaluation.EvaluationConfig;
import dev.genaiwatch.evaluation.GenAiSpanEvaluator;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/** The running processor: receivers, queue and worker, forwarding, drift, metrics and API, wired from config. */
public final class Processor implements AutoCloseable {
  private final PrometheusRegistry registry;
  private final Pipeline pipeline;
  private final DriftMonitor drift;
  private final MiniLmEmbedder embedder;
  private final GrpcReceiver grpc;
  private final HttpReceiver http;
  private final Duration drainTimeout;
  private final GenAiSpanEvaluator evaluator;

  private Processor(PrometheusRegistry registry, Pipeline pipeline, DriftMonitor drift, MiniLmEmbedder embedder,
      GenAiSpanEvaluator evaluator, GrpcReceiver grpc, HttpReceiver http, Duration drainTimeout) {
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

  /** {@code extraEnrichers} run after drift on every GenAI span (the evaluation module plugs in here). */
  public static Processor start(ProcessorConfig config, List<SpanEnricher> extraEnrichers)
      throws IOException, InterruptedException {
    PrometheusRegistry registry = new PrometheusRegistry();
    ProcessorMetrics metrics = new ProcessorMetrics(registry);
    String host = config.string("bind.address", "0.0.0.0");
    int maxBody = config.integer("max.body.bytes", 16 * 1024 * 1024);
    BearerToken token = BearerToken.of(config.string("auth.token", ""));
    RecentCalls recentCalls = new RecentCalls(config.integer("recent.calls.capacity", 1000));

    DriftSettings driftSettings = DriftSettings.from(config);
    String dataDir = config.string("data.dir", "genai-watch-data");
    DriftStateStore store = dataDir.isEmpty() ? null : new DriftStateStore(Path.of(dataDir), driftSettings);
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    // Drift alarms go out through the pipeline, which exists only after drift: break the cycle with a reference.
    AtomicReference<Pipeline> pipelineRef = new AtomicReference<>();
    DriftMonitor drift = new DriftMonitor(driftSettings, registry, embedder,
        logs -> emitLogs(pipelineRef.get(), logs), store);

    // Judge verdicts leave as new spans through the pipeline, which exists only after the enrichers.
    // RAG context use reads Chinese and English: its own embedder (bge-small-zh, loaded on the first RAG span).
    EvaluationConfig evaluationConfig = EvaluationConfig.fromEnvironment(config.environment(), config.fileProperties());
    GenAiSpanEvaluator evaluator = new GenAiSpanEvaluator(evaluationConfig, registry,
        spans -> emitSpans(pipelineRef.get(), spans),
        evaluationConfig.ragEmbedder() ? new BgeSmallZhEmbedder() : null);
    evaluator.setScoreListener(score -> drift.observeJudgeScore(score.serviceName(), score.requestModel(),
        score.evaluationName(), score.score()));

    List<SpanEnricher> enrichers = new ArrayList<>();
    enrichers.add(drift);
    enrichers.add(evaluator::enrich);
    enrichers.addAll(extraEnrichers);
    Forwarder forwarder = downstream(config, metrics);
    Pipeline pipeline = new Pipeline(config.integer("queue.capacity", 1024), enrichers, forwarder, recentCalls,
        metrics);
    pipelineRef.set(pipeline);

    GrpcReceiver grpc = null;
    try {
      grpc = new GrpcReceiver(host, config.integer("grpc.port", 4317), maxBody, pipeline, token, metrics);
      HttpRouter router = new HttpRouter(pipeline, metrics, registry, recentCalls, drift, token,
          config.integer("retry.after.seconds", 1));
      HttpReceiver http = new HttpReceiver(host, config.integer("http.port", 4318), maxBody, router);
      return new Processor(registry, pipeline, drift, embedder, evaluator, grpc, http,
          config.millis("shutdown.drain.ms", 10_000));
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

  private static void emitSpans(Pipeline pipeline, ResourceSpans spans) {
    if (pipeline != null) {
      pipeline.emit(spans);
    }
  }

  private static void emitLogs(Pipeline pipeline, ResourceLogs logs) {
    if (pipeline != null) {
      pipeline.emitLogs(logs);
    }
  }

  private static Forwarder downstream(ProcessorConfig config, ProcessorMetrics metrics) {
    String endpoint = config.string("downstream.endpoint", "");
    if (endpoint.isEmpty()) {
      return null;
    }
    Duration timeout = config.millis("downstream.timeout.ms", 10_000);
    String token = config.string("downstream.token", "");
    String tokenOrNull = token.isEmpty() ? null : token;
    String protocol = config.string("downstream.protocol", "grpc").toLowerCase(Locale.ROOT);
    Downstream downstream = switch (protocol) {
      case "grpc" -> new GrpcDownstream(endpoint, timeout, tokenOrNull);
      case "http/protobuf", "http" -> new HttpDownstream(endpoint, timeout, tokenOrNull);
      default -> throw new IllegalArgumentException("downstream.protocol must be grpc or http/protobuf, was '"
          + protocol + "'");
    };
    RetryPolicy policy = new RetryPolicy(config.integer("downstream.max.attempts", 5),
        config.millis("downstream.initial.backoff.ms", 200), config.millis("downstream.max.backoff.ms", 5_000));
    return new Forwarder(downstream, policy, metrics);
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

  /** Stops the receivers, drains the queue (bounded by shutdown.drain.ms), then stops drift and persists its state. */
  @Override
  public void close() {
    grpc.close();
    http.close();
    // Judge work finishing now emits spans into the pipeline, so the evaluator stops before the pipeline drains.
    evaluator.close();
    pipeline.close(drainTimeout);
    drift.close();
  }
}
