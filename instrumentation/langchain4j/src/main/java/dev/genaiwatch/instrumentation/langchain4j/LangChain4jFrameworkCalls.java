package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.FrameworkSpan;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.model.RetrievedDocument;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.content.Content;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The framework side: an INTERNAL span per AI-service method invocation, an {@code execute_tool}
 * span per tool execution, and the retrieved documents of the RAG step on the span it ran in.
 * Everything is caught: a failure here costs a span, never the application its result.
 */
public final class LangChain4jFrameworkCalls {
  /**
   * Enough documents for any prompt; a retriever returning thousands must not cost thousands of
   * objects.
   */
  static final int MAX_DOCUMENTS = 64;

  private LangChain4jFrameworkCalls() {}

  /** Starts the {@code Interface.method} span of an AI-service proxy call. */
  public static FrameworkSpan startService(Method method) {
    if (method == null || method.getDeclaringClass() == Object.class) {
      return null;
    }
    return LibraryCalls.startFramework(
        LangChain4jInstrumentationModule.NAME,
        instrumenter ->
            instrumenter.startFrameworkSpan(
                method.getDeclaringClass().getSimpleName() + "." + method.getName(),
                LangChain4jInstrumentationModule.NAME,
                method));
  }

  public static FrameworkSpan startTool(Object request) {
    if (!(request instanceof ToolExecutionRequest tool)) {
      return null;
    }
    // executeWithContext's default delegates to execute: the same request is one execution.
    return LibraryCalls.startFramework(
        LangChain4jInstrumentationModule.NAME,
        instrumenter ->
            LibraryCalls.frameworkSpanAlreadyCurrent(request)
                ? null
                : instrumenter.startToolSpan(
                    tool.name(),
                    tool.id(),
                    tool.arguments(),
                    LangChain4jInstrumentationModule.NAME,
                    request));
  }

  /**
   * Ends the service span when the method returns, unless it returned a {@code TokenStream}: that
   * stream is handed back behind a proxy that keeps the span open until the stream ends (see {@link
   * TracingTokenStream}). Returns what the application gets.
   */
  public static Object endService(FrameworkSpan span, Object result, Throwable thrown) {
    if (span == null) {
      return result;
    }
    try {
      Class<?> returned = span.subject() instanceof Method m ? m.getReturnType() : null;
      if (thrown == null
          && returned != null
          && returned.getName().equals(TracingTokenStream.TOKEN_STREAM)
          && returned.isInstance(result)) {
        span.exitScope();
        return Proxy.newProxyInstance(
            returned.getClassLoader(),
            new Class<?>[] {returned},
            new TracingTokenStream(result, span));
      }
    } catch (Throwable t) {
      LangChain4jCalls.report(t);
    }
    end(span, null, thrown);
    return result;
  }

  /**
   * Ends a service or tool span. A tool's result is a {@code String} ({@code execute}) or a {@code
   * ToolExecutionResult} ({@code executeWithContext}, which also says whether it is an error).
   */
  public static void end(FrameworkSpan span, Object result, Throwable thrown) {
    LibraryCalls.endFramework(
        LangChain4jInstrumentationModule.NAME,
        span,
        thrown,
        error -> null,
        ended -> recordToolResult(ended, result));
  }

  private static void recordToolResult(FrameworkSpan span, Object result) {
    if (result instanceof String text) {
      span.recordToolResult(text);
    } else if (result != null) {
      Object text = LangChain4jExtractor.invoke(result, "resultText");
      if (text instanceof String s) {
        span.recordToolResult(s);
      }
      if (Boolean.TRUE.equals(LangChain4jExtractor.invoke(result, "isError"))) {
        span.span().setAttribute(ErrorAttributes.ERROR_TYPE, "tool_error");
        span.span().setStatus(StatusCode.ERROR);
      }
    }
  }

  /**
   * Records what the augmentor retrieved on the innermost framework span (the AI-service method's).
   */
  public static void augmented(Object result) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null || !(result instanceof AugmentationResult augmentation)) {
      return;
    }
    try {
      FrameworkSpan span = GenAiInstrumenter.activeFrameworkSpan(Context.current());
      List<Content> contents = augmentation.contents();
      if (span == null || contents == null) {
        return;
      }
      List<RetrievedDocument> documents = new ArrayList<>(Math.min(contents.size(), MAX_DOCUMENTS));
      for (int i = 0; i < contents.size() && i < MAX_DOCUMENTS; i++) {
        documents.add(document(contents.get(i), i));
      }
      span.recordRetrievedDocuments(documents);
    } catch (Throwable t) {
      instrumenter.health().swallowed(LangChain4jInstrumentationModule.NAME, t);
    }
  }

  /** The embedding id when the store gave one, else the position; the retriever's score if any. */
  private static RetrievedDocument document(Content content, int index) {
    String text = content.textSegment() == null ? null : content.textSegment().text();
    String id = null;
    Double score = null;
    Map<?, Object> metadata = content.metadata();
    if (metadata != null) {
      for (Map.Entry<?, Object> e : metadata.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.equals("EMBEDDING_ID") && e.getValue() != null) {
          id = e.getValue().toString();
        } else if (key.equals("SCORE") && e.getValue() instanceof Number n) {
          score = n.doubleValue();
        }
      }
    }
    return new RetrievedDocument(id != null ? id : Integer.toString(index), text, score);
  }
}
