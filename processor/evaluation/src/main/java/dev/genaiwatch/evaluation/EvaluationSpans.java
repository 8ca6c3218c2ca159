package dev.genaiwatch.evaluation;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the spans of one evaluation: {@code evaluate {name}} (INTERNAL, child of the evaluated
 * call, one {@code gen_ai.evaluation.result} event when there is a score, error status otherwise)
 * and, when the judge was called, the judge's {@code chat {model}} CLIENT span under it.
 */
final class EvaluationSpans {

  static final String SERVICE_NAME = "genai-watch-evaluator";
  static final String SCOPE_NAME = "dev.genaiwatch.evaluation";

  private static final Resource RESOURCE =
      Resource.newBuilder()
          .addAttributes(KeyValues.str(EvaluationAttributes.SERVICE_NAME, SERVICE_NAME))
          .build();
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName(SCOPE_NAME).build();

  private final String judgeHost;
  private final int judgePort;

  EvaluationSpans(String judgeHost, int judgePort) {
    this.judgeHost = judgeHost;
    this.judgePort = judgePort;
  }

  /**
   * @param verdict null when the evaluation failed ({@code failure} set)
   * @param judge null when no judge call was made (cache hit)
   */
  ResourceSpans build(
      EvaluatedCall call,
      String evaluationName,
      long start,
      long end,
      JudgeVerdict verdict,
      EvaluationFailure failure,
      boolean cached,
      JudgeExchange judge) {
    ByteString evaluateId = newSpanId();
    Span.Builder evaluate =
        Span.newBuilder()
            .setTraceId(call.traceId())
            .setSpanId(evaluateId)
            .setParentSpanId(call.spanId())
            .setName("evaluate " + evaluationName)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end)
            .addAttributes(KeyValues.str(EvaluationAttributes.EVALUATION_NAME, evaluationName));
    if (cached) {
      evaluate.addAttributes(KeyValues.bool(EvaluationAttributes.EVALUATION_CACHED, true));
    }
    if (verdict != null) {
      Span.Event.Builder event =
          Span.Event.newBuilder()
              .setName(EvaluationAttributes.EVALUATION_RESULT_EVENT)
              .setTimeUnixNano(end)
              .addAttributes(KeyValues.str(EvaluationAttributes.EVALUATION_NAME, evaluationName))
              .addAttributes(
                  KeyValues.dbl(EvaluationAttributes.EVALUATION_SCORE_VALUE, verdict.score()))
              .addAttributes(
                  KeyValues.str(EvaluationAttributes.EVALUATION_SCORE_LABEL, verdict.label()))
              .addAttributes(
                  KeyValues.str(
                      EvaluationAttributes.EVALUATION_EXPLANATION, verdict.explanation()));
      if (call.responseId() != null) {
        event.addAttributes(KeyValues.str(EvaluationAttributes.RESPONSE_ID, call.responseId()));
      }
      evaluate.addEvents(event);
    } else {
      evaluate
          .addAttributes(KeyValues.str(EvaluationAttributes.ERROR_TYPE, failure.reason))
          .setStatus(
              Status.newBuilder()
                  .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                  .setMessage(failure.getMessage()));
    }
    ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(SCOPE).addSpans(evaluate);
    if (judge != null) {
      scope.addSpans(judgeSpan(call.traceId(), evaluateId, judge));
    }
    return ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(scope).build();
  }

  /**
   * The span of a heuristic that ran off the pipeline thread: {@code evaluate {name}}, child of the
   * evaluated call, with its attributes and one {@code gen_ai.evaluation.result} event.
   */
  static ResourceSpans heuristic(
      EvaluatedCall call,
      String evaluationName,
      long start,
      long end,
      List<KeyValue> attributes,
      double score,
      String label,
      String explanation) {
    Span.Event.Builder event =
        Span.Event.newBuilder()
            .setName(EvaluationAttributes.EVALUATION_RESULT_EVENT)
            .setTimeUnixNano(end)
            .addAttributes(KeyValues.str(EvaluationAttributes.EVALUATION_NAME, evaluationName))
            .addAttributes(KeyValues.dbl(EvaluationAttributes.EVALUATION_SCORE_VALUE, score))
            .addAttributes(KeyValues.str(EvaluationAttributes.EVALUATION_SCORE_LABEL, label))
            .addAttributes(KeyValues.str(EvaluationAttributes.EVALUATION_EXPLANATION, explanation));
    if (call.responseId() != null) {
      event.addAttributes(KeyValues.str(EvaluationAttributes.RESPONSE_ID, call.responseId()));
    }
    Span.Builder evaluate =
        Span.newBuilder()
            .setTraceId(call.traceId())
            .setSpanId(newSpanId())
            .setParentSpanId(call.spanId())
            .setName("evaluate " + evaluationName)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end)
            .addAttributes(KeyValues.str(EvaluationAttributes.EVALUATION_NAME, evaluationName))
            .addAllAttributes(attributes)
            .addEvents(event);
    return ResourceSpans.newBuilder()
        .setResource(RESOURCE)
        .addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE).addSpans(evaluate))
        .build();
  }

  private Span judgeSpan(ByteString traceId, ByteString parent, JudgeExchange judge) {
    String model = judge.requestModel;
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(newSpanId())
            .setParentSpanId(parent)
            .setName("chat " + model)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(judge.startEpochNanos)
            .setEndTimeUnixNano(judge.endEpochNanos)
            .addAttributes(KeyValues.str(EvaluationAttributes.OPERATION_NAME, "chat"))
            .addAttributes(KeyValues.str(EvaluationAttributes.PROVIDER_NAME, "openai"))
            .addAttributes(KeyValues.str(EvaluationAttributes.REQUEST_MODEL, model))
            .addAttributes(KeyValues.str(EvaluationAttributes.SERVER_ADDRESS, judgeHost))
            .addAttributes(KeyValues.lng(EvaluationAttributes.SERVER_PORT, judgePort))
            .addAttributes(KeyValues.bool(EvaluationAttributes.EVALUATION_JUDGE, true))
            .addAttributes(KeyValues.lng(EvaluationAttributes.EVALUATION_ATTEMPTS, judge.attempts));
    if (judge.responseModel != null) {
      span.addAttributes(KeyValues.str(EvaluationAttributes.RESPONSE_MODEL, judge.responseModel));
    }
    if (judge.responseId != null) {
      span.addAttributes(KeyValues.str(EvaluationAttributes.RESPONSE_ID, judge.responseId));
    }
    if (judge.inputTokens != null) {
      span.addAttributes(KeyValues.lng(EvaluationAttributes.INPUT_TOKENS, judge.inputTokens));
    }
    if (judge.outputTokens != null) {
      span.addAttributes(KeyValues.lng(EvaluationAttributes.OUTPUT_TOKENS, judge.outputTokens));
    }
    if (judge.failure != null) {
      span.addAttributes(KeyValues.str(EvaluationAttributes.ERROR_TYPE, judge.failure.reason))
          .setStatus(
              Status.newBuilder()
                  .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                  .setMessage(judge.failure.getMessage()));
    }
    return span.build();
  }

  private static ByteString newSpanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }
}
