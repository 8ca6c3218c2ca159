package dev.genaiwatch.core;

import dev.genaiwatch.core.content.CapturedText;
import dev.genaiwatch.core.model.RetrievedDocument;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An INTERNAL span a framework adds around LLM calls (an AI-service method, a {@code ChatClient}
 * call, a tool execution): the parent of the calls made while it is current, and the place for what
 * only the framework knows (retrieved documents, tool arguments and results). Content goes through
 * the same {@code ContentCapture} as call content. Ending is idempotent and thread-safe.
 */
public final class FrameworkSpan extends InFlightSpan {
  /**
   * Where the innermost framework span sits on its context ({@link
   * GenAiInstrumenter#activeFrameworkSpan}).
   */
  static final ContextKey<FrameworkSpan> KEY = ContextKey.named("genai-watch-framework-span");

  private final Object subject;
  private final AtomicLong redactions = new AtomicLong();
  private final FrameworkSpan enclosing;
  private volatile long retrievedCount = -1;
  private volatile CapturedText retrievedDocuments;

  FrameworkSpan(GenAiInstrumenter instrumenter, Span span, Object subject, Context parent) {
    super(instrumenter, span, parent, KEY);
    this.subject = subject;
    this.enclosing = parent.get(KEY);
  }

  /**
   * The innermost span, this one or an enclosing one, that recorded retrieved documents; null when
   * none did. LLM calls started inside it carry the documents too, so that an evaluator sees the
   * answer and the context it was given in one span instead of joining spans that reach the
   * processor at different times.
   */
  FrameworkSpan retrievalScope() {
    for (FrameworkSpan f = this; f != null; f = f.enclosing) {
      if (f.retrievedCount >= 0) {
        return f;
      }
    }
    return null;
  }

  long retrievedCount() {
    return retrievedCount;
  }

  /** The captured (redacted, truncated) documents, null when content capture is off. */
  CapturedText retrievedDocuments() {
    return retrievedDocuments;
  }

  /**
   * What the span is about (the tool request, the service method invocation), so an instrumentation
   * that sees the same thing twice (a method delegating to its overload) can tell and start no
   * second span.
   */
  public Object subject() {
    return subject;
  }

  /**
   * Records a tool's result as content ({@code gen_ai.tool.call.result}), redacted and
   * size-limited.
   */
  public void recordToolResult(String result) {
    recordContent(
        GenAiWatchAttributes.GEN_AI_TOOL_CALL_RESULT, instrumenter.content().text(result));
  }

  /**
   * Records a tool's arguments as content ({@code gen_ai.tool.call.arguments}), redacted and
   * size-limited.
   */
  public void recordToolArguments(String arguments) {
    recordContent(
        GenAiWatchAttributes.GEN_AI_TOOL_CALL_ARGUMENTS, instrumenter.content().text(arguments));
  }

  /**
   * Records what a RAG step retrieved: the count always ({@code genai_watch.rag.documents}), the
   * documents as content ({@code gen_ai.retrieval.documents}) when content capture is on. A second
   * retrieval in the same span adds to the count and replaces the documents.
   */
  public void recordRetrievedDocuments(List<RetrievedDocument> documents) {
    long count = Math.max(retrievedCount, 0) + documents.size();
    span.setAttribute(GenAiWatchAttributes.RAG_DOCUMENTS, count);
    CapturedText captured = instrumenter.content().documents(documents);
    recordContent(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS, captured);
    retrievedDocuments = captured;
    retrievedCount = count;
  }

  private void recordContent(AttributeKey<String> key, CapturedText captured) {
    if (captured == null) {
      return;
    }
    span.setAttribute(key, captured.value());
    span.setAttribute(
        GenAiWatchAttributes.CONTENT_REDACTIONS, redactions.addAndGet(captured.redactions()));
    if (captured.truncated()) {
      span.setAttribute(GenAiWatchAttributes.CONTENT_TRUNCATED, true);
    }
  }

  public void end() {
    if (markEnded()) {
      span.end();
    }
  }

  /**
   * Ends the span of a stream the application never subscribed, marked {@code
   * genai_watch.stream.end=never_subscribed}.
   */
  public void endNeverSubscribed() {
    if (markEnded()) {
      span.setAttribute(GenAiWatchAttributes.STREAM_END, UnsubscribedStreamWatch.NEVER_SUBSCRIBED);
      span.end();
    }
  }

  /** Ends the span as failed; {@code errorType} null means the exception's class name. */
  public void endWithError(Throwable error, String errorType) {
    if (markEnded()) {
      String type = errorType != null ? errorType : error.getClass().getName();
      span.setAttribute(ErrorAttributes.ERROR_TYPE, type);
      RedactedError.record(span, error, type, instrumenter.content());
      span.end();
    }
  }
}
