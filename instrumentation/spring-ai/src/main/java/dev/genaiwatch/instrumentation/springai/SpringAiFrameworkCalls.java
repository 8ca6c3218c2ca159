package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.FrameworkSpan;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.LibraryCalls;
import dev.genaiwatch.core.model.RetrievedDocument;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.publisher.Flux;

/**
 * The framework side: an INTERNAL span per {@code ChatClient} call or stream, the documents a RAG
 * advisor retrieved on it, and an {@code execute_tool} span per tool execution. {@code ChatClient}
 * types are only touched reflectively: {@code spring-ai-client-chat} is optional next to {@code
 * spring-ai-model}. Everything is caught: a failure here costs a span, never the application its
 * result.
 */
public final class SpringAiFrameworkCalls {
  static final String CALL_SPAN = "ChatClient.call";
  static final String STREAM_SPAN = "ChatClient.stream";

  /**
   * Enough documents for any prompt; a retriever returning thousands must not cost thousands of
   * objects.
   */
  static final int MAX_DOCUMENTS = 64;

  /**
   * Where the advisors put what they retrieved: QuestionAnswerAdvisor,
   * RetrievalAugmentationAdvisor.
   */
  static final List<String> DOCUMENT_CONTEXT_KEYS =
      List.of("qa_retrieved_documents", "rag_document_context");

  private SpringAiFrameworkCalls() {}

  /**
   * Starts the span of a {@code CallResponseSpec}/{@code StreamResponseSpec} terminal method,
   * unless the same spec's span is already current ({@code content()} implemented through {@code
   * chatResponse()}).
   */
  public static FrameworkSpan startClient(Object spec, boolean stream) {
    return LibraryCalls.startFramework(
        SpringAiInstrumentationModule.NAME,
        instrumenter ->
            LibraryCalls.frameworkSpanAlreadyCurrent(spec)
                ? null
                : instrumenter.startFrameworkSpan(
                    stream ? STREAM_SPAN : CALL_SPAN, SpringAiInstrumentationModule.NAME, spec));
  }

  public static void endClientCall(FrameworkSpan span, Throwable thrown) {
    LibraryCalls.endFramework(
        SpringAiInstrumentationModule.NAME,
        span,
        thrown,
        SpringAiExtractor::errorType,
        ended -> {});
  }

  /**
   * The stream method returned its {@code Flux}: the span goes on until the stream ends. Returns
   * what the application gets.
   */
  public static Object endClientStream(FrameworkSpan span, Object returned, Throwable thrown) {
    if (span == null) {
      return returned;
    }
    span.exitScope();
    if (thrown != null || !(returned instanceof Flux<?> flux)) {
      endClientCall(span, thrown);
      return returned;
    }
    try {
      StreamContextHook.installOnce();
      return TracedStreams.framework(
          flux, span, GenAiWatch.config().streamSubscribeTimeoutMillis());
    } catch (Throwable t) {
      SpringAiCalls.report(t);
      span.end();
      return returned;
    }
  }

  /**
   * A RAG advisor's {@code before} returned the request it augmented: the retrieved documents it
   * put in the request's context go on the innermost framework span (the {@code ChatClient}
   * call's).
   */
  public static void advised(Object request) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null || request == null) {
      return;
    }
    try {
      FrameworkSpan span = GenAiInstrumenter.activeFrameworkSpan(Context.current());
      if (span == null || !(Reflect.invoke(request, "context") instanceof Map<?, ?> context)) {
        return;
      }
      for (String key : DOCUMENT_CONTEXT_KEYS) {
        if (context.get(key) instanceof List<?> retrieved) {
          span.recordRetrievedDocuments(documents(retrieved));
          return;
        }
      }
    } catch (Throwable t) {
      instrumenter.health().swallowed(SpringAiInstrumentationModule.NAME, t);
    }
  }

  static List<RetrievedDocument> documents(List<?> retrieved) {
    List<RetrievedDocument> documents = new ArrayList<>(Math.min(retrieved.size(), MAX_DOCUMENTS));
    for (int i = 0; i < retrieved.size() && documents.size() < MAX_DOCUMENTS; i++) {
      if (retrieved.get(i) instanceof Document d) {
        documents.add(
            new RetrievedDocument(
                d.getId() != null ? d.getId() : Integer.toString(i), d.getText(), d.getScore()));
      }
    }
    return documents;
  }

  /**
   * The tool round of a model call: see {@link SpringAiCalls#toolRoundStarts}. Returns the scope to
   * close.
   */
  public static Scope startToolRound(Object chatResponse) {
    try {
      // In 2.0 a ChatClient advisor runs the tools after the model call returned: no call to end,
      // the ids still help.
      Context context = SpringAiCalls.toolRoundStarts(chatResponse);
      return ToolCallIds.with(context != null ? context : Context.current(), chatResponse)
          .makeCurrent();
    } catch (Throwable t) {
      SpringAiCalls.report(t);
      return null;
    }
  }

  public static void endToolRound(Scope scope) {
    if (scope != null) {
      scope.close();
    }
  }

  /**
   * {@code ToolCallback.call(input[, toolContext])}; the two-argument default delegates to the
   * other: one span.
   */
  public static FrameworkSpan startTool(Object callback, Object input) {
    if (!(callback instanceof ToolCallback tool)) {
      return null;
    }
    return LibraryCalls.startFramework(
        SpringAiInstrumentationModule.NAME,
        instrumenter -> {
          if (LibraryCalls.frameworkSpanAlreadyCurrent(callback)) {
            return null;
          }
          String name = tool.getToolDefinition() == null ? null : tool.getToolDefinition().name();
          String arguments = input instanceof String s ? s : null;
          return instrumenter.startToolSpan(
              name,
              ToolCallIds.find(name, arguments),
              arguments,
              SpringAiInstrumentationModule.NAME,
              callback);
        });
  }

  public static void endTool(FrameworkSpan span, Object result, Throwable thrown) {
    LibraryCalls.endFramework(
        SpringAiInstrumentationModule.NAME,
        span,
        thrown,
        error -> null,
        ended -> {
          if (result instanceof String text) {
            ended.recordToolResult(text);
          }
        });
  }
}
