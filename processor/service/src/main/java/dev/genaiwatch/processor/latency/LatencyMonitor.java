package dev.genaiwatch.processor.latency;

import dev.genaiwatch.processor.pipeline.GenAiSpans;
import dev.genaiwatch.processor.pipeline.SpanSink;
import dev.genaiwatch.processor.pipeline.TraceObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The latency split: reads every trace request on the pipeline thread (never holding or changing a
 * span), joins client calls with their model server's spans ({@link LatencyJoin}), and publishes
 * each pair as metrics, in {@code /api/latency}, to the {@link LatencyBreakdownListener}s, and as a
 * {@code genai_watch.latency_breakdown} span. Those spans leave from a thread of their own, through
 * a bounded queue ({@value #SPAN_QUEUE} pairs; a full queue drops the span, counted), in batches
 * gathered for up to 200 ms (one export request per batch rather than per pair), so the pipeline
 * never waits for them. The same thread counts the spans that waited out the window once a second
 * when no traffic does it.
 */
public final class LatencyMonitor implements TraceObserver, AutoCloseable {
  static final int SPAN_QUEUE = 1024;
  private static final int SPAN_BATCH = 256;
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final LatencyJoin join;
  private final LatencyMetrics metrics;
  private final RecentBreakdowns recent;
  private final List<LatencyBreakdownListener> listeners = new CopyOnWriteArrayList<>();
  private final SpanSink sink;
  private final LongSupplier clock;
  private final BlockingQueue<LatencyBreakdown> toEmit = new ArrayBlockingQueue<>(SPAN_QUEUE);
  private final Thread emitter;
  private volatile boolean closed;

  public LatencyMonitor(LatencySettings settings, PrometheusRegistry registry, SpanSink sink) {
    this(settings, registry, sink, System::nanoTime);
  }

  LatencyMonitor(
      LatencySettings settings, PrometheusRegistry registry, SpanSink sink, LongSupplier clock) {
    this.sink = sink;
    this.clock = clock;
    this.recent = new RecentBreakdowns(settings.recentCapacity());
    this.join =
        new LatencyJoin(
            settings,
            new LatencyJoin.Events() {
              @Override
              public void matched(LatencyBreakdown breakdown) {
                publish(breakdown);
              }

              @Override
              public void unmatched(LatencyJoin.Side side, String reason) {
                metrics().unmatched(side, reason);
              }
            });
    this.metrics = new LatencyMetrics(registry, join::pending);
    this.emitter = new Thread(this::emitLoop, "genai-watch-latency-breakdowns");
    emitter.setDaemon(true);
    emitter.start();
  }

  private LatencyMetrics metrics() {
    return metrics;
  }

  /** Adds a reader of every joined pair (the cost per call is one). */
  public void addListener(LatencyBreakdownListener listener) {
    listeners.add(listener);
  }

  @Override
  public void observe(ExportTraceServiceRequest request) {
    long now = clock.getAsLong();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = null;
      boolean serviceRead = false;
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          if (LatencySpans.isServerRequest(span)) {
            join.server(LatencySpans.server(span), now);
          } else if (LatencySpans.isClientCall(span)) {
            if (!serviceRead) {
              service =
                  GenAiSpans.string(
                      resourceSpans.getResource().getAttributesList(), "service.name");
              serviceRead = true;
            }
            join.client(LatencySpans.client(service, span), now);
          } else if (LatencySpans.isWireLink(span)) {
            join.wireLink(
                LatencySpans.hex(span.getTraceId().toByteArray()),
                LatencySpans.hex(span.getSpanId().toByteArray()),
                LatencySpans.hex(span.getParentSpanId().toByteArray()),
                now);
          }
        }
      }
    }
  }

  private void publish(LatencyBreakdown breakdown) {
    metrics.matched(breakdown);
    recent.add(breakdown);
    for (LatencyBreakdownListener listener : listeners) {
      try {
        listener.onBreakdown(breakdown);
      } catch (RuntimeException e) {
        metrics.listenerError();
      }
    }
    // After close nothing emits any more: a pair joined while the pipeline drains is only counted.
    if (closed || !toEmit.offer(breakdown)) {
      metrics.breakdownSpanDropped();
    }
  }

  /**
   * {@code GET /api/latency}: the split per service/model/server, the newest pairs, the backlog.
   */
  public Map<String, Object> state() {
    join.expire(clock.getAsLong());
    Map<String, Object> out = recent.toJson();
    out.put("pending", join.pending());
    return out;
  }

  private void emitLoop() {
    List<LatencyBreakdown> batch = new ArrayList<>(SPAN_BATCH);
    while (!closed || !toEmit.isEmpty()) {
      try {
        LatencyBreakdown first = toEmit.poll(1, TimeUnit.SECONDS);
        join.expire(clock.getAsLong());
        if (first == null) {
          continue;
        }
        batch.add(first);
        // Gather what joins in the next moment: one export request per batch, not per pair.
        long until = System.nanoTime() + LINGER_NANOS;
        long left;
        while (batch.size() < SPAN_BATCH && (left = until - System.nanoTime()) > 0) {
          LatencyBreakdown next = toEmit.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        sink.emit(BreakdownSpans.of(batch));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The pipeline refused (closing): these breakdowns stay in metrics and the API only.
        batch.forEach(b -> metrics.breakdownSpanDropped());
      } finally {
        batch.clear();
      }
    }
  }

  /** Emits the breakdown spans still queued (the pipeline drains after this), then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      emitter.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
