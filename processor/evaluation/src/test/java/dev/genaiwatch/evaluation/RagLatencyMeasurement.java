package dev.genaiwatch.evaluation;

import static dev.genaiwatch.evaluation.GenAiSpanFixture.RESOURCE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.SCOPE;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.chat;
import static dev.genaiwatch.evaluation.GenAiSpanFixture.withDocuments;

import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, asserts nothing about time) what the evaluator adds to forwarding for RAG spans
 * of 64 documents: the time {@code enrich} holds the pipeline thread, with the real bge-small-zh
 * embedder behind the RAG worker; and, for comparison, what one context-use check costs when run
 * inline (what the pipeline thread paid per span before the check moved off it). Run with {@code
 * -Dgenai.watch.measure=true}.
 */
class RagLatencyMeasurement {

  // No term or number of it is in the documents: every check asks the embedder (the worst case).
  private static final String ANSWER =
      "Hold on to your proof of purchase if you want a replacement.";

  private static long[] run(GenAiSpanEvaluator evaluator, int n, String[] docs) {
    long[] nanos = new long[n];
    for (int i = -200; i < n; i++) {
      Span.Builder span = chat("How long is the charger covered? #" + i, ANSWER);
      if (docs.length > 0) {
        withDocuments(span, docs);
      }
      long t0 = System.nanoTime();
      evaluator.enrich(RESOURCE, SCOPE, span);
      long t1 = System.nanoTime();
      if (i >= 0) {
        nanos[i] = t1 - t0;
      }
    }
    Arrays.sort(nanos);
    return nanos;
  }

  @Test
  void addedForwardingLatencyWithSixtyFourDocuments() {
    Assumptions.assumeTrue(Boolean.getBoolean("genai.watch.measure"));
    String[] docs = new String[64];
    for (int i = 0; i < docs.length; i++) {
      docs[i] =
          (i % 2 == 0
                  ? "Policy "
                      + i
                      + ": accessories are covered for 14 days from delivery; claims need the original receipt. "
                  : "政策" + i + "：配件自签收之日起享受14天保修，索赔需要提供原始收据。")
              .repeat(4);
    }
    BgeSmallZhEmbedder embedder = new BgeSmallZhEmbedder();
    embedder.embed(List.of("warm-up")); // model load is a one-off, not per span
    AtomicInteger emitted = new AtomicInteger();
    PrometheusRegistry registry = new PrometheusRegistry();
    GenAiSpanEvaluator evaluator =
        new GenAiSpanEvaluator(
            EvaluationConfig.fromEnvironment(
                Map.of(
                    "GENAI_WATCH_EVAL_CLOSE_TIMEOUT_MS",
                    "600000",
                    "GENAI_WATCH_EVAL_RAG_EMBEDDER_RATE_LIMIT",
                    System.getProperty("genai.watch.embedder.rate", "30")),
                new Properties()),
            registry,
            rs -> emitted.incrementAndGet(),
            embedder);
    int n = 2_000;
    // Same spans without documents first: what the shared host's scheduling costs anyway.
    long[] baseline = run(evaluator, n, new String[0]);
    long[] nanos = run(evaluator, n, docs);
    long closeStart = System.nanoTime();
    evaluator.close();
    long drain = System.nanoTime() - closeStart;
    double dropped =
        registry.scrape().stream()
            .filter(m -> m.getMetadata().getName().equals("genai_watch_eval_failed"))
            .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
            .filter(d -> "queue_full".equals(d.getLabels().get("reason")))
            .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
            .sum();

    ContextUse inline = new ContextUse(ContextUse.Settings.DEFAULT);
    List<String> docList = List.of(docs).subList(0, 16); // the default cap
    long[] inlineNanos = new long[20];
    for (int i = 0; i < inlineNanos.length; i++) {
      long t0 = System.nanoTime();
      inline.evaluate("How long is the charger covered?", docList, ANSWER, embedder);
      inlineNanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(inlineNanos);
    System.out.printf(
        Locale.ROOT,
        "RAG spans with 64 documents (%d chars each), %d spans back to back:%n",
        docs[0].length(),
        n);
    printPercentiles("enrich, same spans without documents", baseline);
    printPercentiles("enrich on the pipeline thread", nanos);
    System.out.printf(
        Locale.ROOT,
        "  RAG checks emitted %d, dropped (queue full) %.0f, drain at close %.1f s%n",
        emitted.get(),
        dropped,
        drain / 1e9);
    System.out.printf(
        Locale.ROOT,
        "  one check inline with the embedder (16 documents read): median %.1f ms%n",
        inlineNanos[inlineNanos.length / 2] / 1e6);
  }

  /** p50, p99 and max of {@code sortedNanos} in microseconds. */
  private static void printPercentiles(String what, long[] sortedNanos) {
    int n = sortedNanos.length;
    System.out.printf(
        Locale.ROOT,
        "  %s: p50 %.1f us, p99 %.1f us, max %.1f us%n",
        what,
        sortedNanos[n / 2] / 1e3,
        sortedNanos[(int) (n * 0.99)] / 1e3,
        sortedNanos[n - 1] / 1e3);
  }
}
