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
import dev.genaiwatch.processor.pipeline.Intake;
import dev.genaiwatch.processor.pipeline.Pipeline;
import dev.genaiwatch.processor.pipeline.SpanEnrichment;
import dev.genaiwatch.processor.queue.DurablePipeline;
import dev.genaiwatch.processor.queue.FsyncPolicy;
import dev.genaiwatch.processor.queue.QueueSettings;
import dev.genaiwatch.processor.receive.AuthGate;
import dev.genaiwatch.processor.receive.ContentAccess;
import dev.genaiwatch.processor.receive.MemoryLimiter;
import dev.genaiwatch.processor.tls.ClientTls;
import dev.genaiwatch.processor.tls.ServerTls;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.SpanEnricher;
import dev.genaiwatch.processor.pipeline.SpanSink;
import dev.genaiwatch.processor.receive.BearerToken;
import dev.genaiwatch.processor.receive.GrpcReceiver;
import dev.genaiwatch.processor.receive.HttpReceiver;
import dev.genaiwatch.processor.receive.HttpRouter;
import dev.genaiwatch.evaluation.EvaluationConfig;
import dev.genaiwatch.evaluation.GenAiSpanEvaluator;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
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
  private final Intake pipeline;
  private final List<String> notices;
  private final DriftMonitor drift;
  private final MiniLmEmbedder embedder;
  private final GrpcReceiver grpc;
  private final HttpReceiver http;
  private final Duration drainTimeout;
  private final GenAiSpanEvaluator evaluator;

  private Processor(PrometheusRegistry registry, Intake pipeline, DriftMonitor drift, MiniLmEmbedder embedder,
      GenAiSpanEvaluator evaluator, GrpcReceiver grpc, HttpReceiver http, Duration drainTimeout,
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

  /** {@code extraEnrichers} run after drift on every GenAI span (the evaluation module plugs in here). */
  public static Processor start(ProcessorConfig config, List<SpanEnricher> extraEnrichers)
      throws IOException, InterruptedException {
    PrometheusRegistry registry = new PrometheusRegistry();
    ProcessorMetrics metrics = new ProcessorMetrics(registry);
    // Loopback unless configured: prompts and answers are not offered to the network by default.
    String host = config.string("bind.address", "127.0.0.1");
    int maxBody = config.integer("max.body.bytes", 16 * 1024 * 1024);
    BearerToken token = BearerToken.of(config.secret("auth.token"));
    ContentAccess access = new ContentAccess(token, ContentAccess.isLoopback(host), config.bool("auth.metrics", false));
    ServerTls serverTls = ServerTls.of(config.string("tls.cert.file", ""), config.string("tls.key.file", ""),
        config.string("tls.client.ca.file", ""));
    List<String> notices = new ArrayList<>();
    if (access.startNotice(host) != null) {
      notices.add(access.startNotice(host));
    }
    RecentCalls recentCalls = new RecentCalls(config.integer("recent.calls.capacity", 1000),
        config.longInteger("recent.calls.max.bytes", 32L * 1024 * 1024));

    DriftSettings driftSettings = DriftSettings.from(config);
    String dataDir = config.string("data.dir", "genai-watch-data");
    DriftStateStore store = dataDir.isEmpty() ? null : new DriftStateStore(Path.of(dataDir), driftSettings);
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    // Drift alarms go out through the pipeline, which exists only after drift: break the cycle with a reference.
    AtomicReference<Intake> pipelineRef = new AtomicReference<>();
    DriftMonitor drift = new DriftMonitor(driftSettings, registry, embedder,
        logs -> emitLogs(pipelineRef.get(), logs), store);

    // Judge verdicts leave as new spans through the pipeline, which exists only after the enrichers.
    GenAiSpanEvaluator evaluator = new GenAiSpanEvaluator(
        EvaluationConfig.fromEnvironment(config.environment(), config.fileProperties()), registry,
        spans -> emitSpans(pipelineRef.get(), spans),
        embedder == null || !driftSettings.embeddingEnabled() ? null : embedder::embed);
    evaluator.setScoreListener(score -> drift.observeJudgeScore(score.serviceName(), score.requestModel(),
        score.evaluationName(), score.score()));

    List<SpanEnricher> enrichers = new ArrayList<>();
    enrichers.add(drift);
    enrichers.add(evaluator::enrich);
    enrichers.addAll(extraEnrichers);
    Forwarder forwarder = downstream(config, metrics);
    SpanEnrichment enrichment = new SpanEnrichment(enrichers, recentCalls, metrics);
    QueueSettings queueSettings = queueSettings(config, dataDir);
    Intake pipeline;
    try {
      pipeline = queueSettings.onDisk()
          ? new DurablePipeline(Path.of(dataDir, "queue"), queueSettings, enrichment, forwarder, metrics)
          : new Pipeline(queueSettings.memoryCapacity(), enrichment, forwarder, metrics);
    } catch (IOException | RuntimeException e) {
      drift.close();
      evaluator.close();
      throw e;
    }
    pipelineRef.set(pipeline);
    Intake queued = pipeline;
    GaugeWithCallback.builder().name("genai_watch_processor_queued_requests")
        .help("Export requests accepted and not yet forwarded (on disk with queue.type=disk)")
        .callback(callback -> callback.call(queued.queued())).register(registry);

    MemoryLimiter memory = MemoryLimiter.forHeap(config.integer("memory.limit.percent", 80));
    long idleMillis = config.millis("http.idle.timeout.ms", 60_000).toMillis();
    int retryAfter = config.integer("retry.after.seconds", 1);
    GrpcReceiver grpc = null;
    try {
      grpc = new GrpcReceiver(host, config.integer("grpc.port", 4317), maxBody, pipeline, token, metrics, memory,
          idleMillis, serverTls);
      HttpRouter router = new HttpRouter(pipeline, metrics, registry, recentCalls, drift, token, access,
          retryAfter);
      HttpReceiver http = new HttpReceiver(host, config.integer("http.port", 4318), maxBody, router,
          () -> new AuthGate(token, access, metrics, memory, retryAfter), idleMillis,
          config.integer("http.max.connections", 1024), serverTls);
      return new Processor(registry, pipeline, drift, embedder, evaluator, grpc, http,
          config.millis("shutdown.drain.ms", 10_000), notices);
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

  private static QueueSettings queueSettings(ProcessorConfig config, String dataDir) {
    String type = config.string("queue.type", dataDir.isEmpty() ? "memory" : "disk").toLowerCase(Locale.ROOT);
    if (!type.equals("disk") && !type.equals("memory")) {
      throw new IllegalArgumentException("queue.type must be disk or memory, was '" + type + "'");
    }
    if (type.equals("disk") && dataDir.isEmpty()) {
      throw new IllegalArgumentException("queue.type=disk needs data.dir (it is empty)");
    }
    return new QueueSettings(type.equals("disk"), config.integer("queue.capacity", 1024),
        config.longInteger("queue.max.bytes", 512L * 1024 * 1024),
        config.longInteger("queue.segment.bytes", 16L * 1024 * 1024),
        FsyncPolicy.parse(config.string("queue.fsync", "interval")), config.millis("queue.fsync.interval.ms", 1000));
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

  private static Forwarder downstream(ProcessorConfig config, ProcessorMetrics metrics) {
    String endpoint = config.string("downstream.endpoint", "");
    if (endpoint.isEmpty()) {
      return null;
    }
    Duration timeout = config.millis("downstream.timeout.ms", 10_000);
    String token = config.secret("downstream.token");
    String tokenOrNull = token.isEmpty() ? null : token;
    String protocol = config.string("downstream.protocol", "grpc").toLowerCase(Locale.ROOT);
    ClientTls tls = ClientTls.of(config.string("downstream.tls.ca.file", ""),
        config.string("downstream.tls.cert.file", ""), config.string("downstream.tls.key.file", ""),
        config.bool("downstream.tls.insecure_skip_verify", false));
    boolean https = endpoint.regionMatches(true, 0, "https:", 0, 6);
    if (!https && tls.configured()) {
      throw new IllegalArgumentException("downstream.tls.* is set but downstream.endpoint " + endpoint
          + " is not https://: use https:// for TLS");
    }
    ClientTls tlsOrNull = https ? tls : null;
    Downstream downstream = switch (protocol) {
      case "grpc" -> new GrpcDownstream(endpoint, timeout, tokenOrNull, tlsOrNull);
      case "http/protobuf", "http" -> new HttpDownstream(endpoint, timeout, tokenOrNull, tlsOrNull);
      default -> throw new IllegalArgumentException("downstream.protocol must be grpc or http/protobuf, was '"
          + protocol + "'");
    };
    RetryPolicy policy = new RetryPolicy(config.integer("downstream.max.attempts", 5),
        config.millis("downstream.initial.backoff.ms", 200), config.millis("downstream.max.backoff.ms", 5_000));
    return new Forwarder(downstream, policy, metrics);
  }

  /** One-line warnings for the operator about how the processor was configured (printed by ProcessorMain). */
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
