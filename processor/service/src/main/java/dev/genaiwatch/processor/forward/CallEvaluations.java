package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdicts the evaluator sent about recent calls, by the evaluated call's span id, so that
 * {@code /api/calls} shows each call with its evaluations. They leave the evaluator as {@code
 * evaluate {name}} spans under the call (judge rubrics, and the RAG context-use check that runs off
 * the pipeline thread), often after the call itself was kept. Bounded: the calls evaluated longest
 * ago are forgotten first.
 */
final class CallEvaluations {
  private static final String EVALUATE = "evaluate ";
  private static final String RESULT_EVENT = "gen_ai.evaluation.result";

  private final int capacity;
  private final LinkedHashMap<String, List<Map<String, Object>>> byCall;

  CallEvaluations(int capacity) {
    this.capacity = Math.max(1, capacity);
    this.byCall = new LinkedHashMap<>(16, 0.75f, false);
  }

  /** Keeps the evaluations among {@code spans}; other spans are ignored. */
  void observe(ResourceSpans spans) {
    for (ScopeSpans scope : spans.getScopeSpansList()) {
      for (Span span : scope.getSpansList()) {
        if (span.getName().startsWith(EVALUATE) && !span.getParentSpanId().isEmpty()) {
          add(HexFormat.of().formatHex(span.getParentSpanId().toByteArray()), evaluation(span));
        }
      }
    }
  }

  /** The evaluations of the call with this span id (hex), oldest first; empty when none. */
  List<Map<String, Object>> of(String spanIdHex) {
    synchronized (byCall) {
      List<Map<String, Object>> found = byCall.get(spanIdHex);
      return found == null ? List.of() : List.copyOf(found);
    }
  }

  private void add(String callSpanId, Map<String, Object> evaluation) {
    synchronized (byCall) {
      byCall.computeIfAbsent(callSpanId, k -> new ArrayList<>()).add(evaluation);
      while (byCall.size() > capacity) {
        byCall.remove(byCall.keySet().iterator().next());
      }
    }
  }

  /** The name, the result event's score, label and explanation, and the span's own attributes. */
  private static Map<String, Object> evaluation(Span span) {
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("name", span.getName().substring(EVALUATE.length()));
    evaluation.put("status", span.getStatus().getCode().name());
    for (Span.Event event : span.getEventsList()) {
      if (event.getName().equals(RESULT_EVENT)) {
        put(evaluation, event.getAttributesList());
      }
    }
    put(evaluation, span.getAttributesList());
    return evaluation;
  }

  private static void put(Map<String, Object> into, List<KeyValue> attributes) {
    for (KeyValue kv : attributes) {
      into.putIfAbsent(kv.getKey(), GenAiSpans.javaValue(kv.getValue()));
    }
  }
}
