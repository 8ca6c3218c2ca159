package dev.genaiwatch.processor.pipeline;

import dev.genaiwatch.processor.forward.RecentCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * Runs the enrichers (drift, evaluation, ...) on the GenAI spans of a trace request and keeps them
 * in the recent-calls buffer. Has side effects (drift windows, judge calls), so each accepted item
 * must pass here once.
 */
public final class SpanEnrichment {
  private final List<SpanEnricher> enrichers;
  private final RecentCalls recentCalls;
  private final ProcessorMetrics metrics;
  private final List<TraceObserver> observers;

  public SpanEnrichment(
      List<SpanEnricher> enrichers, RecentCalls recentCalls, ProcessorMetrics metrics) {
    this(enrichers, List.of(), recentCalls, metrics);
  }

  /** {@code observers} see every trace request, also those without a GenAI span. */
  public SpanEnrichment(
      List<SpanEnricher> enrichers,
      List<TraceObserver> observers,
      RecentCalls recentCalls,
      ProcessorMetrics metrics) {
    this.enrichers = List.copyOf(enrichers);
    this.observers = List.copyOf(observers);
    this.recentCalls = recentCalls;
    this.metrics = metrics;
  }

  /**
   * The item as it must be forwarded: rebuilt only when it holds GenAI spans, else the same
   * message.
   */
  public ExportItem apply(ExportItem item) {
    if (item.signal() != Signal.TRACES) {
      return item;
    }
    ExportTraceServiceRequest request = (ExportTraceServiceRequest) item.request();
    for (TraceObserver observer : observers) {
      try {
        observer.observe(request);
      } catch (RuntimeException e) {
        metrics.enricherError(observer.getClass().getSimpleName());
      }
    }
    if (!containsGenAiSpan(request)) {
      return item;
    }
    ExportTraceServiceRequest.Builder builder = request.toBuilder();
    for (ResourceSpans.Builder resourceSpans : builder.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder scopeSpans : resourceSpans.getScopeSpansBuilderList()) {
        for (Span.Builder span : scopeSpans.getSpansBuilderList()) {
          if (!GenAiSpans.isGenAi(span.getAttributesList())) {
            continue;
          }
          for (SpanEnricher enricher : enrichers) {
            try {
              enricher.enrich(resourceSpans.getResource(), scopeSpans.getScope(), span);
            } catch (RuntimeException e) {
              metrics.enricherError(enricher.getClass().getSimpleName());
            }
          }
          recentCalls.add(resourceSpans.getResource(), span.build());
        }
      }
    }
    return new ExportItem(Signal.TRACES, builder.build(), item.items());
  }

  private static boolean containsGenAiSpan(ExportTraceServiceRequest request) {
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          if (GenAiSpans.isGenAi(span.getAttributesList())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
