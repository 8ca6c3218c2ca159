package dev.genaiwatch.processor.pipeline;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/** Runs synchronously on every span before it is forwarded; must be cheap; may add attributes. */
public interface SpanEnricher {
  void enrich(Resource resource, InstrumentationScope scope, Span.Builder span);
}
