package dev.genaiwatch.processor.pipeline;

import io.opentelemetry.proto.trace.v1.ResourceSpans;

/** Lets a component inject new spans (e.g. evaluation spans) into the forwarding path. */
public interface SpanSink {
  void emit(ResourceSpans spans);
}
