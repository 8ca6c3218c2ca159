package dev.genaiwatch.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an LLM call in flight and a framework span have in common: the span, the context that
 * carries it (and this object, under the subclass's key, for the layers underneath), a scope for
 * hooks that have no place of its own to keep one, and an end that is recorded once even when two
 * threads end it at the same moment.
 */
public abstract class InFlightSpan {
  final GenAiInstrumenter instrumenter;
  final Span span;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Context context;
  private Scope scope;

  /**
   * {@code key} must be typed for the subclass: the context maps it to this object, which is what
   * {@link GenAiInstrumenter#activeCall} and {@link GenAiInstrumenter#activeFrameworkSpan} read.
   */
  <S extends InFlightSpan> InFlightSpan(
      GenAiInstrumenter instrumenter, Span span, Context parent, ContextKey<S> key) {
    this.instrumenter = instrumenter;
    this.span = span;
    @SuppressWarnings("unchecked")
    S self = (S) this;
    this.context = parent.with(span).with(key, self);
  }

  public Span span() {
    return span;
  }

  public Context context() {
    return context;
  }

  public boolean isEnded() {
    return ended.get();
  }

  /** True for the first caller only: the one that records the end. */
  final boolean markEnded() {
    return ended.compareAndSet(false, true);
  }

  /**
   * Makes the span current for the duration of the instrumented method, for advice that has no
   * place of its own to keep the scope; {@link #exitScope} must follow on the same thread.
   */
  public void enterScope() {
    scope = context.makeCurrent();
  }

  public void exitScope() {
    Scope s = scope;
    if (s != null) {
      scope = null;
      s.close();
    }
  }
}
