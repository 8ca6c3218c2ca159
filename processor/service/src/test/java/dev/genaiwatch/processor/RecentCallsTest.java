package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.forward.RecentCalls;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentCallsTest {
  private static Span withPrompt(int chars) {
    return GenAiCalls.chat("m", 1, 1, "x".repeat(chars));
  }

  @Test
  void largeCallsEvictTheOldestToStayWithinTheByteBudget() {
    RecentCalls calls = new RecentCalls(1000, 100_000);
    for (int i = 0; i < 50; i++) {
      calls.add(Resource.getDefaultInstance(), withPrompt(10_000));
    }
    assertThat(calls.bytes()).isLessThanOrEqualTo(100_000);
    assertThat(calls.latest(1000)).hasSizeBetween(5, 10);
  }

  @Test
  void theCountLimitStillHoldsForSmallCalls() {
    RecentCalls calls = new RecentCalls(3, 100_000);
    for (int i = 0; i < 10; i++) {
      calls.add(Resource.getDefaultInstance(), withPrompt(10));
    }
    assertThat(calls.latest(100)).hasSize(3);
  }

  @Test
  void aCallLargerThanTheWholeBudgetIsNotKeptAndEvictsNothing() {
    RecentCalls calls = new RecentCalls(1000, 10_000);
    calls.add(Resource.getDefaultInstance(), withPrompt(10));
    calls.add(Resource.getDefaultInstance(), withPrompt(20_000));
    assertThat(calls.latest(100)).hasSize(1);
  }

  /** What the evaluator sends about {@code call}: an {@code evaluate} span under it. */
  private static ResourceSpans verdictOn(Span call, String name, String label, boolean unused) {
    KeyValue unusedFlag =
        KeyValue.newBuilder()
            .setKey("genai_watch.eval.rag_context_unused")
            .setValue(AnyValue.newBuilder().setBoolValue(unused))
            .build();
    KeyValue labelValue =
        KeyValue.newBuilder()
            .setKey("gen_ai.evaluation.score.label")
            .setValue(AnyValue.newBuilder().setStringValue(label))
            .build();
    Span evaluate =
        Span.newBuilder()
            .setTraceId(call.getTraceId())
            .setSpanId(call.getSpanId())
            .setParentSpanId(call.getSpanId())
            .setName("evaluate " + name)
            .addAttributes(unusedFlag)
            .addEvents(
                Span.Event.newBuilder()
                    .setName("gen_ai.evaluation.result")
                    .addAttributes(labelValue))
            .build();
    return ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(evaluate))
        .build();
  }

  @Test
  void aCallIsShownWithTheVerdictsTheEvaluatorSentAboutIt() {
    RecentCalls calls = new RecentCalls(10, 100_000);
    Span call = withPrompt(10);
    calls.add(Resource.getDefaultInstance(), call);
    calls.addEvaluations(verdictOn(call, "rag_context_use", "not_used", true));

    List<?> evaluations = (List<?>) calls.latest(1).get(0).get("evaluations");

    assertThat(evaluations).hasSize(1);
    Map<?, ?> verdict = (Map<?, ?>) evaluations.get(0);
    assertThat(verdict.get("name")).isEqualTo("rag_context_use");
    assertThat(verdict.get("gen_ai.evaluation.score.label")).isEqualTo("not_used");
    assertThat(verdict.get("genai_watch.eval.rag_context_unused")).isEqualTo(true);
  }

  @Test
  void verdictsAboutCallsLongGoneAreForgotten() {
    RecentCalls calls = new RecentCalls(2, 100_000);
    Span first = GenAiCalls.chat("first", 1, 1, "a");
    calls.addEvaluations(verdictOn(first, "relevance", "relevant", false));
    for (int i = 0; i < 3; i++) {
      calls.addEvaluations(
          verdictOn(GenAiCalls.chat("m" + i, 1, 1, "b" + i), "relevance", "x", false));
    }
    calls.add(Resource.getDefaultInstance(), first);

    assertThat((List<?>) calls.latest(1).get(0).get("evaluations")).isEmpty();
  }
}
