package dev.genaiwatch.core;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;

import dev.genaiwatch.core.content.CallContent;
import dev.genaiwatch.core.content.CapturedText;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.OpenaiIncubatingAttributes;

/**
 * The one place where an {@link LlmCall} becomes a span and metric points, so every instrumentation
 * emits exactly the contract ({@code docs/span-contract.md}) and none re-implements it.
 * Instrumentations call {@link #start} when the request is known and end the returned {@link
 * ActiveLlmCall} when the response is complete, failed, or (streams) was closed by the caller.
 */
public final class GenAiInstrumenter {
  public static final String SCOPE_NAME = "dev.genaiwatch";

  private final Tracer tracer;
  private final GenAiMetrics metrics;
  private final MetricAttributeSets metricAttributes = new MetricAttributeSets();
  private final ContentCapture content;
  private final InstrumentationHealth health;
  private final ApplicationContextBridge applicationContext;
  private final CallOwnership ownership;
  private final ContentOnExport contentOnExport;

  public GenAiInstrumenter(
      OpenTelemetry openTelemetry,
      ContentCapture content,
      InstrumentationHealth health,
      String version) {
    this(
        openTelemetry,
        content,
        health,
        version,
        ApplicationContextBridge.NONE,
        CallOwnership.alone(),
        ContentOnExport.never());
  }

  public GenAiInstrumenter(
      OpenTelemetry openTelemetry,
      ContentCapture content,
      InstrumentationHealth health,
      String version,
      ApplicationContextBridge applicationContext,
      CallOwnership ownership,
      ContentOnExport contentOnExport) {
    this.applicationContext = applicationContext;
    this.contentOnExport = contentOnExport;
    this.ownership = ownership;
    this.tracer = openTelemetry.getTracer(SCOPE_NAME, version);
    this.metrics = new GenAiMetrics(openTelemetry.getMeter(SCOPE_NAME));
    this.content = content;
    this.health = health;
  }

  /** Who owns each call's span (library, framework, another agent, wire level). */
  public CallOwnership ownership() {
    return ownership;
  }

  public ContentCapture content() {
    return content;
  }

  public InstrumentationHealth health() {
    return health;
  }

  /**
   * The library-level call already in progress on this context, if any: a lower layer (the HTTP
   * client underneath an SDK) enriches it instead of creating a second span for the same call.
   */
  public static ActiveLlmCall activeCall(Context context) {
    return context.get(ActiveLlmCall.KEY);
  }

  /**
   * The innermost framework span (service method, tool execution) current on this context, if any.
   */
  public static FrameworkSpan activeFrameworkSpan(Context context) {
    return context.get(FrameworkSpan.KEY);
  }

  /**
   * Starts an INTERNAL framework span (an AI-service method, a chat-client call) as a child of the
   * current context; LLM calls made while it is current become its children.
   *
   * @param subject what the span is about, see {@link FrameworkSpan#subject()}
   */
  public FrameworkSpan startFrameworkSpan(String name, String instrumentation, Object subject) {
    Context parent = Context.current();
    Span span =
        tracer
            .spanBuilder(name)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(parent)
            .setAttribute(GenAiWatchAttributes.INSTRUMENTATION, instrumentation)
            .startSpan();
    return framework(span, parent, subject);
  }

  /**
   * Starts an {@code execute_tool {tool name}} INTERNAL span (semconv tool execution) as a child of
   * the current context, with the arguments as content (redacted, size-limited).
   */
  public FrameworkSpan startToolSpan(
      String toolName,
      String toolCallId,
      String arguments,
      String instrumentation,
      Object subject) {
    Context parent = Context.current();
    // Names and ids come from the model's output or the application: redacted like content (issue
    // 18).
    toolName = content.redactAlways(toolName);
    toolCallId = content.redactAlways(toolCallId);
    SpanBuilder builder =
        tracer
            .spanBuilder(
                toolName == null ? EXECUTE_TOOL_OPERATION : EXECUTE_TOOL_OPERATION + " " + toolName)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(parent)
            .setAttribute(GEN_AI_OPERATION_NAME, EXECUTE_TOOL_OPERATION)
            .setAttribute(GEN_AI_TOOL_TYPE, "function")
            .setAttribute(GenAiWatchAttributes.INSTRUMENTATION, instrumentation);
    setIfPresent(builder, GEN_AI_TOOL_NAME, toolName);
    setIfPresent(builder, GEN_AI_TOOL_CALL_ID, toolCallId);
    FrameworkSpan tool = framework(builder.startSpan(), parent, subject);
    tool.recordToolArguments(arguments);
    return tool;
  }

  private FrameworkSpan framework(Span span, Context parent, Object subject) {
    return new FrameworkSpan(this, span, subject, parent);
  }

  private static final String EXECUTE_TOOL_OPERATION =
      GenAiOperationNameIncubatingValues.EXECUTE_TOOL;

  /** Starts the call's span as a child of the current context. */
  public ActiveLlmCall start(LlmCall call) {
    return start(call, Context.current());
  }

  /**
   * Starts the call's span as a child of {@code parent}; when that holds no span (genai-watch's own
   * context is empty), as a child of the application's current span, so the call joins the
   * application's trace.
   */
  public ActiveLlmCall start(LlmCall call, Context parent) {
    long startNanos = System.nanoTime();
    ownership.librarySawCall(call.instrumentation);
    parent = withApplicationParent(parent);
    SpanBuilder builder =
        tracer
            .spanBuilder(call.spanName())
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            // Known before the call, so a sampler can use them.
            .setAttribute(GEN_AI_OPERATION_NAME, call.operation)
            .setAttribute(GEN_AI_PROVIDER_NAME, call.provider)
            .setAttribute(GEN_AI_REQUEST_STREAM, call.stream)
            .setAttribute(GenAiWatchAttributes.INSTRUMENTATION, call.instrumentation);
    setIfPresent(builder, ServerAttributes.SERVER_ADDRESS, call.serverAddress);
    setIfPresent(builder, ServerAttributes.SERVER_PORT, call.serverPort);
    putRequestParameters(builder::setAttribute, call);
    CapturedText retrieved = inheritRetrievedDocuments(builder, parent);
    Span span = builder.startSpan();
    return new ActiveLlmCall(
        this, call, span, startNanos, parent, retrieved == null ? 0 : retrieved.redactions());
  }

  /**
   * The request side became known only after the span started (an HTTP client that shows the
   * request body as it sends it): the span gets its name and the request attributes now. A sampler
   * saw only what was known at start.
   */
  void requestObserved(ActiveLlmCall active) {
    LlmCall call = active.call();
    Span span = active.span();
    try {
      span.updateName(call.spanName());
      span.setAttribute(GEN_AI_OPERATION_NAME, call.operation);
      span.setAttribute(GEN_AI_REQUEST_STREAM, call.stream);
      putRequestParameters(span::setAttribute, call);
    } catch (Throwable t) {
      health.swallowed(call.instrumentation, t);
    }
  }

  /**
   * The request's model and parameters, those the call knows: on the span builder when the request
   * is known at start, on the span when the HTTP client showed it only later.
   */
  private void putRequestParameters(AttributeSink sink, LlmCall call) {
    sink.putIfPresent(GEN_AI_REQUEST_MODEL, call.requestModel);
    sink.putIfPresent(GEN_AI_CONVERSATION_ID, content.redactAlways(call.conversationId));
    sink.putIfPresent(OpenaiIncubatingAttributes.OPENAI_API_TYPE, call.openAiApiType);
    sink.putIfPresent(GEN_AI_REQUEST_MAX_TOKENS, call.maxTokens);
    sink.putIfPresent(GEN_AI_REQUEST_TEMPERATURE, call.temperature);
    sink.putIfPresent(GEN_AI_REQUEST_TOP_P, call.topP);
    sink.putIfPresent(GEN_AI_REQUEST_FREQUENCY_PENALTY, call.frequencyPenalty);
    sink.putIfPresent(GEN_AI_REQUEST_PRESENCE_PENALTY, call.presencePenalty);
    sink.putIfPresent(GEN_AI_REQUEST_STOP_SEQUENCES, content.redactAll(call.stopSequences));
    sink.putIfPresent(GEN_AI_REQUEST_SEED, call.seed);
    sink.putIfPresent(GEN_AI_REQUEST_CHOICE_COUNT, call.choiceCount);
  }

  /**
   * A call inside a RAG framework span carries the retrieved documents it was given (see
   * FrameworkSpan).
   */
  private static CapturedText inheritRetrievedDocuments(SpanBuilder builder, Context parent) {
    FrameworkSpan framework = parent.get(FrameworkSpan.KEY);
    FrameworkSpan scope = framework == null ? null : framework.retrievalScope();
    if (scope == null) {
      return null;
    }
    builder.setAttribute(GenAiWatchAttributes.RAG_DOCUMENTS, scope.retrievedCount());
    CapturedText documents = scope.retrievedDocuments();
    if (documents != null) {
      builder.setAttribute(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS, documents.value());
    }
    return documents;
  }

  private Context withApplicationParent(Context parent) {
    if (Span.fromContext(parent).getSpanContext().isValid()) {
      return parent;
    }
    try {
      SpanContext application = applicationContext.currentSpanContext();
      return application != null && application.isValid()
          ? parent.with(Span.wrap(application))
          : parent;
    } catch (Throwable t) {
      health.swallowed("application-context", t);
      return parent;
    }
  }

  /** Called once per call by {@link ActiveLlmCall}; never throws into the caller. */
  void finish(ActiveLlmCall active, Throwable error, String errorType, String streamEnd) {
    Span span = active.span();
    EndedCallAttributes ended = null;
    try {
      LlmCall call = active.call();
      StreamTimer timer = active.timer();
      timer.end(System.nanoTime());
      active.completeStreamedOutput();
      ended =
          new EndedCallAttributes(
              CallContent.of(call),
              active.inheritedRedactions(),
              content,
              health,
              call.instrumentation);

      setIfPresent(span, GEN_AI_RESPONSE_MODEL, call.responseModel);
      setIfPresent(span, GEN_AI_USAGE_INPUT_TOKENS, call.inputTokens);
      setIfPresent(span, GEN_AI_USAGE_OUTPUT_TOKENS, call.outputTokens);
      setIfPresent(span, GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, call.cacheReadInputTokens);
      setIfPresent(span, GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, call.cacheCreationInputTokens);
      setIfPresent(span, GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, call.reasoningOutputTokens);
      if (call.usageEstimated) {
        span.setAttribute(GenAiWatchAttributes.USAGE_ESTIMATED, true);
      }

      double duration = timer.durationSeconds();
      double ttft = timer.timeToFirstChunkSeconds();
      double tps = Double.NaN;
      if (call.stream) {
        span.setAttribute(GenAiWatchAttributes.STREAM_CHUNKS, timer.chunks());
        if (streamEnd != null) {
          span.setAttribute(GenAiWatchAttributes.STREAM_END, streamEnd);
        }
        if (!Double.isNaN(ttft)) {
          span.setAttribute(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ttft);
        }
        double generation = timer.generationSeconds();
        if (call.outputTokens != null && call.outputTokens > 0 && generation > 0) {
          tps = call.outputTokens / generation;
          if (call.outputTokens > 1) {
            span.setAttribute(
                GenAiWatchAttributes.TIME_PER_OUTPUT_TOKEN, generation / (call.outputTokens - 1));
          }
        }
      } else if (call.outputTokens != null && call.outputTokens > 0 && duration > 0) {
        tps = call.outputTokens / duration;
      }
      if (!Double.isNaN(tps)) {
        span.setAttribute(GenAiWatchAttributes.OUTPUT_TOKENS_PER_SECOND, tps);
      }

      if (!call.logprobs.isEmpty()) {
        span.setAttribute(GenAiWatchAttributes.LOGPROBS_MEAN, call.logprobs.mean());
        span.setAttribute(GenAiWatchAttributes.LOGPROBS_MIN, call.logprobs.min());
        span.setAttribute(
            GenAiWatchAttributes.LOGPROBS_LOW_CONFIDENCE_TOKENS,
            call.logprobs.lowConfidenceTokens());
      }

      if (error != null || errorType != null) {
        String type = errorType != null ? errorType : error.getClass().getName();
        span.setAttribute(ErrorAttributes.ERROR_TYPE, type);
        RedactedError.record(span, error, type, content);
        errorType = type;
      }

      recordMetrics(call, timer, duration, ttft, tps, errorType);
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
    } finally {
      end(span, ended, active.call().instrumentation);
    }
  }

  /**
   * Ends the span with the call's text attributes, which the export thread computes when it can
   * ({@link ContentOnExport}); without them when building them failed.
   */
  private void end(Span span, EndedCallAttributes ended, String instrumentation) {
    if (ended == null) {
      span.end();
      return;
    }
    try {
      // Three content attributes of the limit each: what the computed attributes may hold.
      contentOnExport.end(span, ended, 3L * content.maxLength());
    } catch (Throwable t) {
      health.swallowed(instrumentation, t);
      span.end();
    }
  }

  private void recordMetrics(
      LlmCall call, StreamTimer timer, double duration, double ttft, double tps, String errorType) {
    MetricAttributeSets.Sets sets = metricAttributes.of(call, errorType);
    Attributes attributes = sets.common();

    metrics.duration.record(duration, attributes);
    // Estimated counts are good enough for TPS but would skew token accounting: record reported
    // usage only.
    if (!call.usageEstimated) {
      if (call.inputTokens != null) {
        metrics.tokenUsage.record(call.inputTokens, sets.inputTokens());
      }
      if (call.outputTokens != null) {
        metrics.tokenUsage.record(call.outputTokens, sets.outputTokens());
      }
      if (call.cacheReadInputTokens != null) {
        metrics.cacheReadInputTokens.record(call.cacheReadInputTokens, attributes);
      }
    }
    if (call.stream) {
      if (!Double.isNaN(ttft)) {
        metrics.timeToFirstChunk.record(ttft, attributes);
      }
      for (int i = 0; i < timer.gapCount(); i++) {
        metrics.timePerOutputChunk.record(timer.gapSeconds(i), attributes);
      }
    }
    if (!Double.isNaN(tps)) {
      metrics.outputTokensPerSecond.record(tps, attributes);
    }
  }

  /** Where attributes go: a span builder before the span starts, the span after. */
  @FunctionalInterface
  private interface AttributeSink {
    <T> void put(AttributeKey<T> key, T value);

    default <T> void putIfPresent(AttributeKey<T> key, T value) {
      if (value != null) {
        put(key, value);
      }
    }
  }

  private static <T> void setIfPresent(SpanBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.setAttribute(key, value);
    }
  }

  private static <T> void setIfPresent(Span s, AttributeKey<T> key, T value) {
    if (value != null) {
      s.setAttribute(key, value);
    }
  }
}
