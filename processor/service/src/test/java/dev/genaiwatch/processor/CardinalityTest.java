package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sender inventing model names cannot grow /metrics without end. */
class CardinalityTest {
  private static final Pattern MODEL_LABEL = Pattern.compile("gen_ai_request_model=\"([^\"]*)\"");

  @TempDir Path dataDir;

  @Test
  void oneHundredThousandRandomModelNamesLeaveEvaluationLabelsCapped() {
    Random random = new Random(19);
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of("drift.max.keys", "100"))) {
      for (int r = 0; r < 2_000; r++) {
        Span[] spans = new Span[50];
        for (int s = 0; s < spans.length; s++) {
          spans[s] = GenAiCalls.chat("model-" + Long.toHexString(random.nextLong()), 10, 5, "q");
        }
        assertThat(p.client.postTraces(GenAiCalls.request("svc", spans)).statusCode())
            .isEqualTo(200);
      }
      TestProcessor.await(
          "all spans processed",
          () ->
              p.client.metric("genai_watch_processor_forwarded_total{signal=\"spans\"}")
                  == 100_000);
      String metrics = p.client.get("/metrics").body();
      Set<String> evaluationModels =
          metrics
              .lines()
              .filter(line -> line.startsWith("genai_watch_eval_"))
              .map(MODEL_LABEL::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .collect(Collectors.toSet());
      assertThat(evaluationModels).hasSizeLessThanOrEqualTo(501).contains("other");
      // Drift keys stop at drift.max.keys; everything else carries fixed labels.
      Set<String> allModels =
          metrics
              .lines()
              .map(MODEL_LABEL::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .collect(Collectors.toSet());
      assertThat(allModels).hasSizeLessThanOrEqualTo(501 + 100);
    }
  }
}
