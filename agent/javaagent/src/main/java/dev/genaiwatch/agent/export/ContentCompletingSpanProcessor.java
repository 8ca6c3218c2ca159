package dev.genaiwatch.agent.export;

import dev.genaiwatch.core.ContentOnExport;
import dev.genaiwatch.core.EndedCallAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Wraps each span processor autoconfigure builds (the batch processor of each exporter) so that an
 * LLM call's redacted text attributes are computed when the span is turned into its exported data,
 * which the batch processor does on its export thread, not on the application's thread that ended
 * the call ({@link ContentOnExport}). Every processor sees the same {@link EndedCallAttributes}, so
 * they are computed once however many exporters there are.
 */
public final class ContentCompletingSpanProcessor implements SpanProcessor {
  private final SpanProcessor delegate;
  private final ContentOnExport contentOnExport;

  private ContentCompletingSpanProcessor(SpanProcessor delegate, ContentOnExport contentOnExport) {
    this.delegate = delegate;
    this.contentOnExport = contentOnExport;
  }

  /**
   * {@code delegate}, completing the spans it is given; tells {@code contentOnExport} it may defer.
   */
  public static SpanProcessor wrap(SpanProcessor delegate, ContentOnExport contentOnExport) {
    contentOnExport.processorInstalled();
    return new ContentCompletingSpanProcessor(delegate, contentOnExport);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    EndedCallAttributes deferred = contentOnExport.ending(span.getSpanContext());
    delegate.onEnd(deferred == null ? span : new ContentCompletingSpan(span, deferred));
  }

  /**
   * Always: a deferred call's attributes exist only in this hand-off, so the span's end must come
   * here even when the processor underneath would skip it (it then drops the span, as before).
   */
  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public String toString() {
    return "ContentCompletingSpanProcessor{" + delegate + "}";
  }
}
