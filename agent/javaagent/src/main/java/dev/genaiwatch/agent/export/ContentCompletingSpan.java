package dev.genaiwatch.agent.export;

import dev.genaiwatch.core.EndedCallAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended LLM span whose exported data carries the call's text attributes, computed when the data
 * is asked for (the batch processor asks on its export thread). Reading one attribute through
 * {@link #getAttribute} does not compute them: a processor reading attributes in {@code onEnd}
 * would otherwise move the work back onto the application's thread.
 */
final class ContentCompletingSpan implements ReadableSpan {
  private final ReadableSpan span;
  private final EndedCallAttributes deferred;

  ContentCompletingSpan(ReadableSpan span, EndedCallAttributes deferred) {
    this.span = span;
    this.deferred = deferred;
  }

  @Override
  public SpanData toSpanData() {
    SpanData data = span.toSpanData();
    Attributes added = deferred.get();
    return added.isEmpty() ? data : new CompletedSpanData(data, added);
  }

  @Override
  public SpanContext getSpanContext() {
    return span.getSpanContext();
  }

  @Override
  public SpanContext getParentSpanContext() {
    return span.getParentSpanContext();
  }

  @Override
  public String getName() {
    return span.getName();
  }

  @Override
  @SuppressWarnings("deprecation") // the interface still requires it
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return span.getInstrumentationLibraryInfo();
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return span.getInstrumentationScopeInfo();
  }

  @Override
  public boolean hasEnded() {
    return span.hasEnded();
  }

  @Override
  public long getLatencyNanos() {
    return span.getLatencyNanos();
  }

  @Override
  public SpanKind getKind() {
    return span.getKind();
  }

  @Override
  public <T> T getAttribute(AttributeKey<T> key) {
    return span.getAttribute(key);
  }

  @Override
  public Attributes getAttributes() {
    return span.getAttributes();
  }

  /** The span's data with the call's text attributes added. */
  private static final class CompletedSpanData extends DelegatingSpanData {
    private final Attributes attributes;
    private final int totalAttributeCount;

    CompletedSpanData(SpanData data, Attributes added) {
      super(data);
      this.attributes = data.getAttributes().toBuilder().putAll(added).build();
      // Keeps the dropped count (total minus kept) what the SDK's limits made it.
      this.totalAttributeCount =
          data.getTotalAttributeCount() + attributes.size() - data.getAttributes().size();
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
      return totalAttributeCount;
    }
  }
}
