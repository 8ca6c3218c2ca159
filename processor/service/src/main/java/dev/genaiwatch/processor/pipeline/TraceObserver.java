package dev.genaiwatch.processor.pipeline;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Reads every received trace request, GenAI or not, before its GenAI spans are enriched; changes
 * nothing and must be cheap (it runs on the pipeline thread). The latency join is one.
 */
public interface TraceObserver {
  void observe(ExportTraceServiceRequest request);
}
