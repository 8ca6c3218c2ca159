package dev.genaiwatch.core;

import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * An LLM call in flight: its span, its stream timer and (for streams) its bounded output buffer.
 * Ending is idempotent and thread-safe, because a stream can be completed by the reading thread and
 * closed by another at the same moment; only the first end is recorded.
 */
public final class ActiveLlmCall extends InFlightSpan {
  /**
   * Where the call sits on its context, for the layers underneath ({@link
   * GenAiInstrumenter#activeCall}).
   */
  static final ContextKey<ActiveLlmCall> KEY = ContextKey.named("genai-watch-active-llm-call");

  public static final String STREAM_END_CLOSED = "closed";
  public static final String STREAM_END_ERROR = "error";

  private final LlmCall call;
  private final StreamTimer timer;
  private final Context parentContext;

  /** Redactions in the retrieved documents the call inherited from its RAG framework span. */
  private final long inheritedRedactions;

  private StreamedOutput streamedOutput;
  private volatile Runnable beforeEnd;

  ActiveLlmCall(
      GenAiInstrumenter instrumenter,
      LlmCall call,
      Span span,
      long startNanos,
      Context parentContext,
      long inheritedRedactions) {
    super(instrumenter, span, parentContext, KEY);
    this.call = call;
    this.timer = new StreamTimer(startNanos);
    this.parentContext = parentContext;
    this.inheritedRedactions = inheritedRedactions;
  }

  long inheritedRedactions() {
    return inheritedRedactions;
  }

  public LlmCall call() {
    return call;
  }

  /**
   * The context the call was started in, without the call: what a library's callbacks for this call
   * (on whatever thread) should run in, so that calls they make are siblings, not nested in this
   * one.
   */
  public Context parentContext() {
    return parentContext;
  }

  public StreamTimer timer() {
    return timer;
  }

  /** Makes the call's span current, so that the layers underneath (HTTP client) see it. */
  public Scope makeCurrent() {
    return context().makeCurrent();
  }

  /**
   * The streamed text collected so far; only allocated when content capture is on, and bounded by
   * the capture limit.
   */
  public StreamedOutput streamedOutput() {
    if (streamedOutput == null) {
      streamedOutput =
          new StreamedOutput(
              instrumenter.content().enabled() ? instrumenter.content().maxLength() : 0);
    }
    return streamedOutput;
  }

  /**
   * The request's model and parameters were filled into {@link #call()} after the span started
   * (seen as the HTTP client wrote the request body): puts them on the span. Ignored once the call
   * has ended.
   */
  public void requestObserved() {
    if (!isEnded()) {
      instrumenter.requestObserved(this);
    }
  }

  /** Records a chunk's arrival time. */
  public void onChunk(boolean hasContent) {
    timer.onChunk(System.nanoTime(), hasContent);
  }

  /** Moves the streamed output into the call, once, when the call ends. */
  void completeStreamedOutput() {
    // A server that sends no usage chunk still sent one chunk per token (vLLM, OpenAI): count them.
    if (call.stream && call.outputTokens == null && timer.contentChunks() > 0) {
      call.outputTokens = timer.contentChunks();
      call.usageEstimated = true;
    }
    if (streamedOutput == null) {
      return;
    }
    if (call.finishReasons.isEmpty()) {
      call.finishReasons.addAll(streamedOutput.finishReasons());
    }
    if (instrumenter.content().enabled() && call.outputMessages == null) {
      call.outputMessages = streamedOutput.messages();
      call.contentTruncatedAtSource |= streamedOutput.truncated();
    }
  }

  /**
   * Work to do once, just before the span ends, on whichever thread ends it: for what another
   * instrumentation can add only if the owning one did not (the wire level's usage details of a
   * library-owned call, say). Failures are counted, never thrown.
   */
  public void beforeEnd(Runnable work) {
    beforeEnd = work;
  }

  private void runBeforeEnd() {
    Runnable work = beforeEnd;
    if (work != null) {
      beforeEnd = null;
      try {
        work.run();
      } catch (Throwable t) {
        instrumenter.health().swallowed(call.instrumentation, t);
      }
    }
  }

  public void end() {
    if (markEnded()) {
      runBeforeEnd();
      instrumenter.finish(this, null, null, null);
    }
  }

  /**
   * Ends the call as failed: {@code errorType} is the HTTP status, {@code timeout}, or null for the
   * class.
   */
  public void endWithError(Throwable error, String errorType) {
    if (markEnded()) {
      runBeforeEnd();
      instrumenter.finish(this, error, errorType, call.stream ? STREAM_END_ERROR : null);
    }
  }

  /** Ends a stream the caller closed or cancelled before it completed; what was seen is kept. */
  public void endClosedEarly() {
    if (markEnded()) {
      runBeforeEnd();
      instrumenter.finish(this, null, null, STREAM_END_CLOSED);
    }
  }
}
