package dev.genaiwatch.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Hands an ended call's {@link EndedCallAttributes} from the thread that ends its span to the
 * agent's span processor, which attaches them to the span's exported data on the export thread. The
 * hand-off is synchronous: the SDK calls the processors' {@code onEnd} inside {@code Span.end()},
 * on the ending thread, where {@link #ending} finds what {@link #end} put there.
 *
 * <p>Deferring is used only once a processor said it is there ({@link #processorInstalled}), and
 * only for calls whose raw text is no larger than the content attributes it becomes (three
 * attributes of the content limit each): a span waiting in the export queue then holds no more of
 * the application's heap than it did with its attributes computed. Larger calls, and every call
 * without the processor, get their attributes on the ending thread before the span ends.
 */
public final class ContentOnExport {
  private final ThreadLocal<Ending> ending = new ThreadLocal<>();
  private volatile boolean processorInstalled;

  /** Computed on the ending thread always: for instrumenters without the agent's SDK. */
  public static ContentOnExport never() {
    return new ContentOnExport();
  }

  /** Called by the span processor that completes exported spans, when it is built. */
  public void processorInstalled() {
    processorInstalled = true;
  }

  /**
   * Ends {@code span} with {@code attributes}: handed to the processor, or set on the span first
   * when they cannot be deferred.
   */
  void end(Span span, EndedCallAttributes attributes, long maxTextLength) {
    if (!span.isRecording()) {
      // Nothing of it would be exported: no redaction for it.
      span.end();
      return;
    }
    if (!processorInstalled || attributes.textLength() > maxTextLength) {
      span.setAllAttributes(attributes.get());
      span.end();
      return;
    }
    ending.set(new Ending(span.getSpanContext(), attributes));
    try {
      span.end();
    } finally {
      ending.remove();
    }
  }

  /**
   * The deferred attributes of the span ending on this thread, if {@code spanContext} is that
   * span's; null otherwise (any other span, or a call whose attributes are already on it).
   */
  public EndedCallAttributes ending(SpanContext spanContext) {
    Ending current = ending.get();
    return current != null && current.spanContext.equals(spanContext) ? current.attributes : null;
  }

  private record Ending(SpanContext spanContext, EndedCallAttributes attributes) {}
}
